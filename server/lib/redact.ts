/** Mask values of query parameters that could carry secrets, so URLs are safe to log. */
const SECRET_PARAMS = /^(token|t|key|password|secret|code|session|sid)$/i;

export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q === -1) return url;
  const base = url.slice(0, q);
  const params = new URLSearchParams(url.slice(q + 1));
  for (const k of [...params.keys()]) if (SECRET_PARAMS.test(k)) params.set(k, "[redacted]");
  return `${base}?${params.toString()}`;
}

/** A refused API call: the HTTP status, the server's plain-words message and its JSON body (field, errors, conflicts...). */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

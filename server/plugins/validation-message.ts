/**
 * Turns one of Ajv's schema-validation errors into a sentence a researcher can act on ("LA code must be
 * 3 digits") instead of Ajv's own ("body field "laCode" must match pattern "^[0-9]{3}$""), which names
 * internal fields and regular expressions. The machine name stays in the reply's `field`, so clients
 * that place the message beside a field still can.
 *
 * The field's words come from the schema property's `title` when the contract gives one, else from a
 * short list of field names used across the contracts, else from the name itself ("displayName" →
 * "Display name"), so a field nobody labelled still reads as words.
 */

export interface AjvError {
  keyword?: string;
  instancePath?: string;
  schemaPath?: string;
  message?: string;
  params?: Record<string, any>;
}

/** Field names that recur across the contracts; a schema `title` wins over these. */
const LABELS: Record<string, string> = {
  laCode: "LA code",
  laCodes: "LA codes",
  email: "E-mail address",
  contactEmail: "E-mail address",
  contactName: "Contact name",
  name: "Name",
  role: "Role",
  title: "Title",
  password: "Password",
  since: "From date",
  until: "To date",
  id: "Identifier",
};

/** Patterns whose meaning can be said in words; any other pattern is "not in the right format". */
const PATTERN_WORDS: Record<string, string> = {
  "^[0-9]{3}$": "3 digits",
  "^\\d{3}$": "3 digits",
};

const FORMAT_WORDS: Record<string, string> = {
  email: "a valid e-mail address, like name@example.org",
  uuid: "a valid identifier",
  date: "a real date",
  "date-time": "a real date and time",
  uri: "a web address",
};

/** Follows "#/properties/a/items/pattern" through the route's schema to the schema holding the failed keyword. */
function schemaAt(root: unknown, schemaPath: string | undefined): Record<string, any> | undefined {
  if (!root || !schemaPath?.startsWith("#/")) return undefined;
  const parts = schemaPath.slice(2).split("/").map((p) => decodeURIComponent(p.replace(/~1/g, "/").replace(/~0/g, "~")));
  parts.pop(); // the keyword itself
  let node: any = root;
  for (const p of parts) {
    if (node == null || typeof node !== "object") return undefined;
    node = node[p];
  }
  return node && typeof node === "object" ? node : undefined;
}

function humanise(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").trim().toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : "This field";
}

function labelFor(name: string, schema: Record<string, any> | undefined): string {
  if (typeof schema?.title === "string" && schema.title) return schema.title;
  return LABELS[name] ?? humanise(name);
}

/** "LA code" stays as written; "Name" becomes "the name" inside a sentence. */
function lowerFirst(label: string): string {
  return /^[A-Z]{2}/.test(label) ? label : label[0].toLowerCase() + label.slice(1);
}

function valueAt(data: unknown, instancePath: string | undefined): unknown {
  let node: any = data;
  for (const p of (instancePath ?? "").split("/").filter(Boolean)) {
    if (node == null || typeof node !== "object") return undefined;
    node = node[p];
  }
  return node;
}

const count = (n: unknown) => Number(n).toLocaleString("en-GB");

export interface PlainValidationError {
  /** The machine name, dotted ("laCodes.1"), as replies have always carried it. */
  field: string | undefined;
  message: string;
}

/**
 * @param routeSchema the schema of the part of the request that failed (body, params, querystring)
 * @param data that part of the request, to tell an empty box ("Enter the name") from a short one
 */
export function plainValidationError(v: AjvError | undefined, routeSchema: unknown, data: unknown): PlainValidationError {
  const segments = (v?.instancePath ?? "").split("/").filter(Boolean);
  const missing = v?.keyword === "required" ? String(v.params?.missingProperty ?? "") : "";
  const field = [...segments, ...(missing ? [missing] : [])].join(".") || undefined;
  const failed = schemaAt(routeSchema, v?.schemaPath);
  // The property's own schema: for "required" the failed schema is the parent object.
  const own = missing ? failed?.properties?.[missing] : failed;

  // An item of a list ("laCodes.1") is named after the list, with its place in it.
  const last = missing || segments.at(-1) || "";
  const itemIndex = /^\d+$/.test(last) ? Number(last) : undefined;
  const listName = itemIndex !== undefined ? segments.at(-2) ?? "" : "";
  const listSchema = itemIndex !== undefined ? schemaAt(routeSchema, v?.schemaPath?.replace(/\/items\/[^/]+$/, "/x")) : undefined;
  const label = itemIndex !== undefined ? `${labelFor(listName, listSchema)}: item ${itemIndex + 1}` : labelFor(last, own);

  const value = valueAt(data, v?.instancePath);
  const empty = value === undefined || value === null || value === "";
  const p = v?.params ?? {};
  let message: string;
  switch (v?.keyword) {
    case "required":
      message = `Enter the ${lowerFirst(label)}`;
      break;
    case "minLength":
      message = empty || Number(p.limit) <= 1 ? `Enter the ${lowerFirst(label)}` : `${label} must be ${count(p.limit)} characters or more`;
      break;
    case "maxLength":
      message = `${label} must be ${count(p.limit)} characters or fewer`;
      break;
    case "pattern": {
      const words = PATTERN_WORDS[String(p.pattern)];
      message = empty ? `Enter the ${lowerFirst(label)}` : words ? `${label} must be ${words}` : `${label} is not in the right format`;
      break;
    }
    case "format": {
      const words = FORMAT_WORDS[String(p.format)];
      message = empty ? `Enter the ${lowerFirst(label)}` : words ? `${label} must be ${words}` : `${label} is not in the right format`;
      break;
    }
    case "minimum":
      message = `${label} must be ${count(p.limit)} or more`;
      break;
    case "maximum":
      message = `${label} must be ${count(p.limit)} or less`;
      break;
    case "exclusiveMinimum":
      message = `${label} must be more than ${count(p.limit)}`;
      break;
    case "exclusiveMaximum":
      message = `${label} must be less than ${count(p.limit)}`;
      break;
    case "minItems":
      message = Number(p.limit) <= 1 ? `Choose at least one for ${lowerFirst(label)}` : `${label} must have at least ${count(p.limit)} entries`;
      break;
    case "maxItems":
      message = `${label} can have at most ${count(p.limit)} entries`;
      break;
    case "enum":
    case "const":
    case "anyOf":
      message = `${label} is not one of the choices`;
      break;
    case "type":
      message = p.type === "integer" || p.type === "number" ? `${label} must be a number` : p.type === "boolean" ? `${label} must be yes or no` : `${label} is not valid`;
      break;
    default:
      message = field ? `${label} is not valid` : "The request is not valid";
  }
  return { field, message };
}

import type {
  CollectionItem,
  CurrentUser,
  DashboardData,
  ParameterValues,
  QueryResult,
  QuestionData,
} from "../types";

// Hand-written shape checks of the server's answers (the SDK ships without zod to stay small).
// They check what the SDK relies on; `@embed/contracts` has the full zod schemas, and
// `wire-types-check.ts` proves the SDK's types match them.

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === "number";
const isString = (value: unknown): value is string => typeof value === "string";

export function isSessionTokenResponse(
  value: unknown,
): value is { sessionToken: string; expiresAt: string } {
  return (
    isObject(value) &&
    isString(value.sessionToken) &&
    value.sessionToken.length > 0 &&
    isString(value.expiresAt) &&
    !Number.isNaN(Date.parse(value.expiresAt))
  );
}

export function isJwtResponse(value: unknown): value is { jwt: string } {
  return isObject(value) && isString(value.jwt) && value.jwt.length > 0;
}

export function isQueryResult(value: unknown): value is QueryResult {
  return (
    isObject(value) &&
    Array.isArray(value.columns) &&
    value.columns.every((column) => isObject(column) && isString(column.name)) &&
    Array.isArray(value.rows) &&
    value.rows.every(Array.isArray) &&
    isNumber(value.rowCount) &&
    typeof value.truncated === "boolean"
  );
}

export function isDashboardData(value: unknown): value is DashboardData {
  return (
    isObject(value) &&
    isNumber(value.id) &&
    isString(value.name) &&
    Array.isArray(value.parameters) &&
    value.parameters.every((p) => isObject(p) && isString(p.slug) && isString(p.type)) &&
    Array.isArray(value.cards) &&
    value.cards.every(
      (card) =>
        isObject(card) &&
        isNumber(card.id) &&
        isString(card.display) &&
        isObject(card.layout) &&
        Array.isArray(card.parameterMappings),
    )
  );
}

export function isQuestionData(value: unknown): value is QuestionData {
  return isObject(value) && isNumber(value.id) && isString(value.name) && isString(value.display);
}

export function isCurrentUser(value: unknown): value is CurrentUser {
  return isObject(value) && isNumber(value.id) && isString(value.email);
}

export function isParameterValues(value: unknown): value is ParameterValues {
  return isObject(value) && Array.isArray(value.values);
}

export function isCollectionItems(value: unknown): value is { items: CollectionItem[] } {
  return (
    isObject(value) &&
    Array.isArray(value.items) &&
    value.items.every((item) => isObject(item) && isNumber(item.id) && isString(item.model))
  );
}

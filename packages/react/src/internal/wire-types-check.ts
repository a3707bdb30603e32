import type {
  CardResponse,
  CollectionItem as CollectionItemWire,
  CurrentUserResponse,
  DashboardResponse,
  ParameterValuesResponse,
  QueryResult as QueryResultWire,
} from "@embed/contracts";
import type {
  CollectionItem,
  CurrentUser,
  DashboardData,
  ParameterValues,
  QueryResult,
  QuestionData,
} from "../types";

// Compile-time only: the SDK's public types must accept what the contracts' zod schemas
// describe. If a schema changes incompatibly, typecheck fails here, not in a host's app.
type Accepts<Sdk, Wire extends Sdk> = Wire;
export type WireTypesMatch = [
  Accepts<DashboardData, DashboardResponse>,
  Accepts<QueryResult, QueryResultWire>,
  Accepts<QuestionData, CardResponse>,
  Accepts<CurrentUser, CurrentUserResponse>,
  Accepts<ParameterValues, ParameterValuesResponse>,
  Accepts<CollectionItem, CollectionItemWire>,
];

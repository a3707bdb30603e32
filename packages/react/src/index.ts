// @embed/react — the embedding SDK. Every public export is named here; src/internal is private.

export { CollectionBrowser, type CollectionBrowserProps } from "./collection-browser";
export { Dashboard, type DashboardProps } from "./dashboard";
export {
  type EmbedAuthConfig,
  type EmbedAuthState,
  type EmbedConfig,
  EmbedProvider,
  type EmbedProviderProps,
  useEmbedAuth,
} from "./embed-provider";
export { FullAppEmbed, type FullAppEmbedProps, type FullAppMessage } from "./full-app-embed";
export { GuestDashboard, type GuestDashboardProps } from "./guest-dashboard";
export { Question, type QuestionProps } from "./question";
export type {
  CardLayout,
  CollectionItem,
  CurrentUser,
  DashboardCard,
  DashboardData,
  DashboardParameter,
  DashboardParameterType,
  EmbedComponents,
  EmbedError,
  EmbedErrorCode,
  EmbedQueryOptions,
  EmbedQueryState,
  EmbedStateTarget,
  EmptyStateProps,
  ErrorStateProps,
  LoadingStateProps,
  ParameterValueMap,
  ParameterValues,
  QueryResult,
  QuestionData,
  ResultColumn,
  StructuredQuery,
  Theme,
} from "./types";
export { useCardResult } from "./use-card-result";
export { useCollectionItems } from "./use-collection-items";
export { useCurrentUser } from "./use-current-user";
export { useDashboard } from "./use-dashboard";
export { useDataset } from "./use-dataset";
export { useParameterValues } from "./use-parameter-values";
export { useQueryResult } from "./use-query-result";
export { useQuestion } from "./use-question";
export { Visualization, type VisualizationProps } from "./visualization";

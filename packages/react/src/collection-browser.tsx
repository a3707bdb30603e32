import { type CSSProperties, useState } from "react";
import { useEmbedAuth } from "./embed-provider";
import { useEmbedContext } from "./internal/embed-context";
import { EmbedRoot } from "./internal/embed-root";
import { useStateComponents } from "./internal/states";
import { mergeThemes } from "./internal/theme";
import type { CollectionItem, EmbedComponents, Theme } from "./types";
import { useCollectionItems } from "./use-collection-items";

/** Props of `CollectionBrowser`. */
export interface CollectionBrowserProps {
  /** Where to start. Default `"root"`, the top level. */
  collectionId?: number | "root";
  /** Called when the user picks a dashboard or question (collections open in place). */
  onSelect?: (item: CollectionItem) => void;
  /** Which kinds to list. Default: all three. */
  models?: Array<CollectionItem["model"]>;
  theme?: Theme;
  components?: Partial<EmbedComponents>;
  className?: string;
  style?: CSSProperties;
}

const MODEL_LABELS = { dashboard: "Dashboard", card: "Question", collection: "Collection" };

/**
 * Lists the dashboards, questions and collections the user may open; collections open in place
 * with a breadcrumb back.
 * @example
 * <CollectionBrowser onSelect={(item) => item.model === "dashboard" && setDashboardId(item.id)} />
 */
export function CollectionBrowser({
  collectionId = "root",
  onSelect,
  models,
  theme,
  components,
  className,
  style,
}: CollectionBrowserProps) {
  const context = useEmbedContext("CollectionBrowser");
  const auth = useEmbedAuth();
  const slots = useStateComponents(components);
  const [path, setPath] = useState<Array<{ id: number | "root"; name: string }>>([
    { id: collectionId, name: collectionId === "root" ? "Collections" : "Collection" },
  ]);
  const current = path[path.length - 1] ?? { id: collectionId, name: "" };
  const items = useCollectionItems(current.id);
  const shown = (items.data ?? []).filter(
    (item) => !models || item.model === "collection" || models.includes(item.model),
  );

  const open = (item: CollectionItem) => {
    if (item.model === "collection") setPath([...path, { id: item.id, name: item.name }]);
    else onSelect?.(item);
  };

  return (
    <EmbedRoot theme={mergeThemes(context.theme, theme)} className={className} style={style}>
      <nav aria-label="Collections">
        <ol className="embed-breadcrumbs">
          {path.map((entry, i) => (
            <li key={String(entry.id)}>
              {i < path.length - 1 ? (
                <>
                  <button
                    type="button"
                    className="embed-link"
                    onClick={() => setPath(path.slice(0, i + 1))}
                  >
                    {entry.name}
                  </button>{" "}
                  /
                </>
              ) : (
                <span aria-current="page">{entry.name}</span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      {auth.status === "error" && auth.error ? (
        <slots.Error target="auth" error={auth.error} retry={auth.retry} />
      ) : items.status === "error" ? (
        <slots.Error target="collection" error={items.error} retry={items.refetch} />
      ) : items.status === "loading" ? (
        <slots.Loading target="collection" />
      ) : shown.length === 0 ? (
        <slots.Empty target="collection" message="Nothing here yet." />
      ) : (
        <ul className="embed-list">
          {shown.map((item) => (
            <li key={`${item.model}-${item.id}`} data-embed-item={item.model}>
              <button type="button" onClick={() => open(item)}>
                <span>{item.name}</span>
                <span className="embed-item-meta">
                  {MODEL_LABELS[item.model]}
                  {item.description ? ` · ${item.description}` : ""}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </EmbedRoot>
  );
}

import type { ReactNode } from "react";
import { type EmbeddingPage as EmbeddingPageInfo, embeddingPage } from "~/lib/embedding-pages";
import styles from "./embedding-page.module.css";

export interface EmbeddingPageProps {
  href: EmbeddingPageInfo["href"];
  children: ReactNode;
}

/** The frame of each embedding page: its title, its one-paragraph explanation, the code. */
export function EmbeddingPage({ href, children }: EmbeddingPageProps) {
  const page = embeddingPage(href);
  return (
    <main className={styles.main}>
      <h1 className={styles.title}>{page.title}</h1>
      <p className={styles.summary} data-testid="embedding-summary">
        {page.summary}
      </p>
      <p className={styles.code}>
        The code:{" "}
        {page.code.map((path) => (
          <code key={path}>{path}</code>
        ))}
      </p>
      {children}
    </main>
  );
}

export const embeddingStyles = styles;

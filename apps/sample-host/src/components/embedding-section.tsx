import type { ReactNode } from "react";
import styles from "./embedding-page.module.css";

export interface EmbeddingSectionProps {
  title: string;
  hint?: ReactNode;
  testId?: string;
  children: ReactNode;
}

export function EmbeddingSection({ title, hint, testId, children }: EmbeddingSectionProps) {
  return (
    <section className={styles.section} aria-label={title} data-testid={testId}>
      <h2 className={styles.sectionTitle}>{title}</h2>
      {hint ? <p className={styles.sectionHint}>{hint}</p> : null}
      {children}
    </section>
  );
}

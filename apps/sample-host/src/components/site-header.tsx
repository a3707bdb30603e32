import Link from "next/link";
import { EMBEDDING_PAGES } from "~/lib/embedding-pages";
import { fullName, getCurrentUser } from "~/server/auth";
import { ROLE_LABELS } from "~/server/users";
import { SignOutButton } from "./sign-out-button";
import styles from "./site-header.module.css";

/** The bar on every page: the brand, who is logged in, and a way in or out. */
export async function SiteHeader() {
  const user = await getCurrentUser();
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href="/" className={styles.brand}>
          <span className={styles.mark} aria-hidden="true">
            P
          </span>
          Parcelpoint
        </Link>
        <span className={styles.tagline}>Customer portal</span>
        {user ? (
          <nav aria-label="Analytics" className={styles.nav}>
            {EMBEDDING_PAGES.map((page) => (
              <Link key={page.href} href={page.href} className={styles.navLink}>
                {page.label}
              </Link>
            ))}
          </nav>
        ) : null}
        <span className={styles.spacer} />
        {user ? (
          <>
            <div className={styles.user} data-testid="current-user">
              <span className={styles.userName}>{fullName(user)}</span>
              <span className={styles.userMeta}>
                {ROLE_LABELS[user.role]} · {user.organization}
              </span>
            </div>
            <SignOutButton className={styles.button} />
          </>
        ) : (
          <Link href="/login" className={styles.button}>
            Log in
          </Link>
        )}
      </div>
    </header>
  );
}

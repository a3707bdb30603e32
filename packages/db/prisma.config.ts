import { defineConfig } from "prisma/config";

// Read by the Prisma CLI only. Our own code never reads the environment: the server passes the
// URL to `openAppDatabase`. `DATABASE_URL` here serves a user who runs the ordinary
// `prisma migrate deploy` / `prisma studio` against the same database.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL },
});

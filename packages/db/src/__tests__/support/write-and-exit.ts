// Run by pglite-server.test.ts in a child process: opens the embedded app database in
// <argv[2]>, migrates, adds the user <argv[3]> and exits with process.exit, closing nothing.
import { migrateAppDatabase, openAppDatabase } from "../../index.js";

const [dataDir, email] = process.argv.slice(2) as [string, string];
const db = await openAppDatabase({ dataDir });
await migrateAppDatabase(db);
await db.prisma.user.create({ data: { email } });
process.exit(0);

import { describeDbContract } from "./support/db-contract.js";
import { pgliteTarget } from "./support/targets.js";

describeDbContract(pgliteTarget());

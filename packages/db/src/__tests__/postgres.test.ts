import { describeDbContract } from "./support/db-contract.js";
import { postgresTarget } from "./support/targets.js";

describeDbContract(postgresTarget());

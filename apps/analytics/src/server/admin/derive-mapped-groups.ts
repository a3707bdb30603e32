import "server-only";
import { getAppDatabase } from "../db/app-database";

/**
 * A scalar attribute as text, the way PostgreSQL's `jsonb ->> key` / `#>> '{}'` renders it — the
 * comparison `recordSsoLogin` makes — so 999 matches the mapping value "999". Anything else
 * (objects, nested lists, null) matches nothing.
 */
function attributeText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** Whether `attribute = value` holds: the attribute equals the value, or, as a list, contains it. */
export function mappingMatches(
  attributes: Record<string, unknown>,
  mapping: { attribute: string; value: string },
): boolean {
  if (!Object.hasOwn(attributes, mapping.attribute)) return false;
  const attribute = attributes[mapping.attribute];
  if (Array.isArray(attribute))
    return attribute.some((item) => attributeText(item) === mapping.value);
  return attributeText(attribute) === mapping.value;
}

/**
 * The groups an SSO login with these attributes would be given by the attribute mappings.
 *
 * This is the rule of `recordSsoLogin` in @embed/db, which applies it in SQL inside the login
 * statement (scalar equals, list contains, compared as text; admin-only groups never). The two
 * must change together; this copy exists so "view as" can preview an attribute set that never
 * signed in.
 */
export async function deriveMappedGroups(
  attributes: Record<string, unknown>,
): Promise<Array<{ id: number; name: string }>> {
  const { prisma } = await getAppDatabase();
  const mappings = await prisma.groupMapping.findMany({
    where: { group: { isAdminGroup: false } },
    select: { attribute: true, value: true, group: { select: { id: true, name: true } } },
  });
  const groups = new Map<number, { id: number; name: string }>();
  for (const mapping of mappings) {
    if (mappingMatches(attributes, mapping)) groups.set(mapping.group.id, mapping.group);
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
}

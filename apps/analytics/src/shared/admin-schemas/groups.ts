import { z } from "zod";

// The admin API's group requests: parsed by its routes, and checked by the console's forms before
// they send (no server code here, so a client component may import it).

export const CreateGroupSchema = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(500).optional(),
});

export const CreateGroupMappingSchema = z.object({
  attribute: z.string().trim().min(1).max(100),
  value: z.string().min(1).max(200),
  groupId: z.number().int().positive(),
});

export const UpdateGroupSchema = CreateGroupSchema.pick({ description: true }).required();

export const RenameGroupSchema = CreateGroupSchema.pick({ name: true }).strict();

export const AddGroupMemberSchema = z.object({ userId: z.number().int().positive() }).strict();

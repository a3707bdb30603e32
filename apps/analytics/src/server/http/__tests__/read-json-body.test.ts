import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJsonBody } from "../read-json-body";

const Schema = z.object({ value: z.string() });
const body = JSON.stringify({ value: "x" });
const post = (headers: Record<string, string>, text = body) =>
  new Request("http://localhost/api/x", { method: "POST", headers, body: text });

describe("readJsonBody: Content-Type", () => {
  it.each([
    "application/json",
    "application/json; charset=utf-8",
    "Application/JSON;charset=UTF-8",
  ])("reads %s", async (type) => {
    await expect(readJsonBody(post({ "content-type": type }), Schema)).resolves.toEqual({
      value: "x",
    });
  });

  // What a page elsewhere can send without a CORS preflight, and anything else that is not JSON.
  it.each([
    ["text/plain", { "content-type": "text/plain;charset=UTF-8" }],
    ["a form", { "content-type": "application/x-www-form-urlencoded" }],
    ["multipart", { "content-type": "multipart/form-data; boundary=x" }],
    ["no Content-Type", {}],
    ["a look-alike", { "content-type": "application/jsonp" }],
    ["json as a parameter", { "content-type": "text/plain; type=application/json" }],
  ])("refuses %s with 415 unsupported_media_type, before reading", async (_, headers) => {
    await expect(readJsonBody(post(headers), Schema)).rejects.toMatchObject({
      code: "unsupported_media_type",
      status: 415,
    });
  });

  it("still refuses invalid JSON declared as JSON with 400 invalid_body", async () => {
    await expect(
      readJsonBody(post({ "content-type": "application/json" }, "{nope"), Schema),
    ).rejects.toMatchObject({ code: "invalid_body", status: 400 });
  });
});

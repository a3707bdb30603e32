import { describe, expect, it } from "vitest";
import { csvCellText, csvLine } from "../csv";

describe("csvCellText", () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd", "'-2+3+cmd"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["-", "'-"],
  ])("escapes a formula-looking string %j", (value, expected) => {
    expect(csvCellText(value)).toBe(expected);
  });

  it("leaves numbers, numeric text, booleans and ordinary text alone", () => {
    expect(csvCellText(-5)).toBe("-5");
    expect(csvCellText(-0.25)).toBe("-0.25");
    expect(csvCellText("-123456789012345678901234.5")).toBe("-123456789012345678901234.5");
    expect(csvCellText("+1e-7")).toBe("+1e-7");
    expect(csvCellText(false)).toBe("false");
    expect(csvCellText("a=b")).toBe("a=b");
    expect(csvCellText(null)).toBe("");
    expect(csvCellText(undefined)).toBe("");
    expect(csvCellText(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    expect(csvCellText({ a: 1 })).toBe('{"a":1}');
  });
});

describe("csvLine", () => {
  it("quotes what must be quoted after escaping, CRLF-terminated", () => {
    expect(csvLine(["@Owner", 'say "hi"', "a,b", "x\ny", -1, null])).toBe(
      `'@Owner,"say ""hi""","a,b","x\ny",-1,\r\n`,
    );
    expect(csvLine(['=HYPERLINK("u")'])).toBe(`"'=HYPERLINK(""u"")"\r\n`);
  });
});

import { describe, expect, it } from "vitest";
import { commentSafe, extractJson, stripThink, toPlainText } from "../../src/llm/clean.ts";

describe("reading answers", () => {
  it("finds the JSON object behind <think>, code fences or prose", () => {
    const obj = { title: "标题", summary: "摘要" };
    expect(extractJson(JSON.stringify(obj))).toEqual(obj);
    expect(extractJson(`<think>{"title":"wrong"} hmm</think>\n${JSON.stringify(obj)}`)).toEqual(obj);
    expect(extractJson(`\`\`\`json\n${JSON.stringify(obj)}\n\`\`\``)).toEqual(obj);
    expect(extractJson(`Here you go: ${JSON.stringify(obj)} Hope this helps.`)).toEqual(obj);
    expect(extractJson("not json at all")).toBeNull();
    expect(extractJson('<think>never closed {"title": 1}')).toBeNull();
    expect(extractJson("[1, 2]")).toBeNull();
  });

  it("strips <think>, Markdown, HTML and links down to plain text", () => {
    expect(stripThink("<think>reasoning</think>答案")).toBe("答案");
    expect(toPlainText("## **Kubernetes** 发布 *新版*")).toBe("Kubernetes 发布 新版");
    expect(toPlainText("见[发布说明](https://x.example/a)和 https://y.example/b 。")).toBe("见发布说明和 。");
    expect(toPlainText("<b>粗体</b><script>x</script>与`代码`")).toBe("粗体x与代码");
    expect(toPlainText("- 第一点\n- 第二点")).toBe("第一点 第二点");
    expect(toPlainText("a < b")).toBe("a ‹ b");
  });

  it("keeps comment text from closing the comment early", () => {
    expect(commentSafe('rejected: "x-->y"\n more')).toBe('rejected: "x- ->y" more');
  });
});

describe("the server as messages show it", () => {
  it("drops credentials and query from the base URL", async () => {
    const { displayUrl } = await import("../../src/llm/client.ts");
    expect(displayUrl("https://user:s3cret@llm.example/v1?api_key=abc")).toBe("https://llm.example/v1");
    expect(displayUrl("http://127.0.0.1:11434/v1/")).toBe("http://127.0.0.1:11434/v1");
  });
});

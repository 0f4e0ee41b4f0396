// Hand-computed facts about vault/ (written with the notes, not derived from the tool).
//
// Conventions used throughout this file:
// - Every note is named by its vault path WITHOUT `.md` (the node id), e.g. '03-图书/读书清单'.
//   Attachments keep their extension ('99-附件/img.png').
// - Line numbers are 1-based file lines, frontmatter included.
// - "Edge" means one DISTINCT (source, target, relation) triple. Self links (`[[#本节]]`) make no edge.
// - Ignored on purpose: everything under `.obsidian/` and `.trash/` (`.trash/deleted.md` links to
//   '01-博客/Simon Willison/Weeknotes February 2025' and '02-资源/草稿/未命名' and has `#已删除`;
//   none of that may appear anywhere).

export const SAMPLE = {
  /** `.md` files outside dot-folders (the empty note counts). */
  notes: 48,
  /** Notes under 00-元语/ (one of them, 具身智能, is never linked). */
  topicNotes: 10,

  /**
   * Edges whose target EXISTS (note, topic note or attachment), counted as distinct
   * (source, target, relation); tag edges excluded. Edges to unresolved targets are counted
   * separately in `unresolvedRelations` below (add the two objects if the graph keeps placeholder
   * nodes and you want all edges). Total here: 137.
   * - typed items of `## 相关文档` use the 8 reason words; `参考` (unknown) and a bare item → related;
   *   the typed item `[[00-元语/Agent|Agent]]；关联理由：解说` (构建高效的智能体) stays `explains`,
   *   and so does the typed item in 00-元语/Claude → 全新推出 Claude Sonnet 4.6.
   * - related also holds the two frontmatter `related: ["[[A]]", "[[B]]"]` links (MCP has prompt
   *   injection problems → MCP发布, → The lethal trifecta); relation = top frontmatter key.
   * - cites includes the inline field `cites::` (Things we learned about LLMs in 2024 → Prompt injection explained).
   * - up = inline field `up::` (Things we learned…) + frontmatter `up: "[[…]]"` (MCP has…), both → Simon Willison 博客索引.
   * - `parent: [[…]]` (unquoted, YAML nested list) is NOT a link: there is no `parent` relation.
   * - link includes: the ambiguous `[[概述]]` (counted once, to its first candidate), the `%%[[…]]%%`
   *   comment link, both Markdown links to 02-资源/工具/LLM CLI (one `<…>`, one `%20`, from two
   *   different notes), the relative `[[../工具/Ollama 本地部署笔记|…]]`, the heading/block links,
   *   and `[[99-附件/paper.pdf|原文 PDF]]` (a link to an attachment).
   * - embed: `![[99-附件/img.png]]` (全新推出 Claude Sonnet 4.6) and `![[Ollama 本地部署笔记]]` (LLM CLI).
   * - topic: every link under `## 关联主题` / `## 相关词条`, plus the plain body link
   *   `[[00-元语/提示工程|提示工程]]` in Simon Willison 博客索引. 00-元语/AI lists Agent and llm under
   *   both headings; they count once each.
   */
  relations: {
    cites: 4,
    explains: 3,
    'further-reading': 6,
    agrees: 2,
    contradicts: 2,
    'same-event': 3,
    'upstream-downstream': 3,
    'version-evolution': 1,
    related: 4,
    topic: 77,
    link: 28,
    embed: 2,
    up: 2,
  },

  /** Edges to targets that do not exist (one per entry of `broken`). */
  unresolvedRelations: {
    link: 3, // [原文摘录](missing.md), [[img]], [[不存在的笔记]]
    topic: 1, // [[00-元语/compliance]] under 关联主题
    'version-evolution': 1, // dangling 相关文档 item → 01-博客/OpenAI/Model Spec 首版发布
  },

  /**
   * Distinct tag names, lowercased, without '#'. 15 in all.
   * `#AI` (Prompt injection explained) and `#ai` (Things we learned…) are the same tag; frontmatter
   * `Claude` → 'claude', `AI教育` → 'ai教育'. `tags: 教材` is a single-string tag; `tags: [读书笔记, 心理学]`
   * is a flow list. `#工具` sits in the CRLF note (the tag must not carry a '\r').
   * NOT tags: `#1984` (purely numeric, 03-图书/一九八四:13), `#不是标签` (inside a fenced code block,
   * OpenAI 发布 Agents SDK:26), `#interpretability` in a URL (待整理链接), headings, `#已删除` (.trash).
   * Ancestor tags are not added for nested tags; '读书笔记' is here only because 思考，快与慢 has it
   * in its frontmatter.
   */
  tags: [
    'ai',
    'ai教育',
    'claude',
    'prompt-injection',
    'security',
    '全球合作',
    '安全',
    '工具',
    '年度回顾',
    '心理学',
    '教师培训',
    '教材',
    '教育公平',
    '读书笔记',
    '读书笔记/精读',
  ],

  /** No edge in or out at all (tag and topic edges included; self links and `.trash` links do not count). */
  isolated: [
    '01-博客/Simon Willison/Weeknotes February 2025', // no links, no tags; only .trash links to it
    '02-资源/草稿/待整理链接', // only a self link [[#本节]]; the HTML comment in 读书清单 does not count
    '02-资源/草稿/未命名', // empty file (0 bytes)
  ],

  /**
   * Notes with no incoming edge of any kind (the isolated ones included).
   * Watch: 'OpenAI o1：学会推理，先想后答' is linked ONLY from a `%%[[…]]%%` comment, '02-资源/工具/概述'
   * ONLY through the ambiguous `[[概述]]`, '03-图书/一九八四' is also the target of a link inside an
   * HTML block (xss-probe) but has a real incoming link from 读书清单, and '01-博客/Anthropic/模型上下文协议（MCP）发布'
   * is also the target of a link inside a fenced block but has a real incoming frontmatter link.
   * None of those four belongs here.
   */
  noIncoming: [
    '00-元语/具身智能', // orphan topic: links out to AI and Agent under 相关词条
    '01-博客/OpenAI/GPT-4o 发布：实时多模态交互',
    '01-博客/Simon Willison/Weeknotes February 2025',
    '01-博客/测试/xss-probe',
    '02-资源/草稿/待整理链接',
    '02-资源/草稿/未命名',
    '03-图书/读书清单',
  ],

  /**
   * Notes with no outgoing edge to an existing note/topic/attachment. Tag edges are IGNORED here
   * (so the Teach For All note, which only has frontmatter tags, is a dead end), and so are links
   * to unresolved targets. The isolated notes are included.
   * '03-图书/深度学习（花书）' is the clean dead end: linked from two notes, no links, no topics, no tags.
   */
  deadEnds: [
    '01-博客/Anthropic/Anthropic与Teach For All启动全球教师AI培训计划',
    '01-博客/Simon Willison/Weeknotes February 2025',
    '02-资源/草稿/待整理链接',
    '02-资源/草稿/未命名',
    '03-图书/深度学习（花书）',
  ],

  /**
   * Every link whose target does not resolve. `target` is the linkpath as written (subpath and
   * display removed); for the Markdown link that is 'missing.md' (Obsidian's unresolved key drops
   * the `.md`: compare ignoring a trailing `.md` if the tool stores 'missing').
   * NOT broken: `[请见此](see here)` in the Teach For All note (a raw space ends the destination, so
   * it is not a link at all), `parent: [[…]]` (not a link), the ambiguous `[[概述]]` (resolves).
   */
  broken: [
    { source: '01-博客/Anthropic/Anthropic与Infosys达成合作：为受监管行业打造企业级AI智能体', target: 'missing.md', line: 21 },
    { source: '01-博客/Anthropic/Claude 3.7 Sonnet 与 Claude Code', target: 'img', line: 21 }, // 99-附件/img.png exists; needs the extension
    { source: '01-博客/Anthropic/将前沿网络安全能力赋予防御者：Claude Code Security 开启预览', target: '00-元语/compliance', line: 31 },
    { source: '01-博客/OpenAI/Model Spec 更新', target: '01-博客/OpenAI/Model Spec 首版发布', line: 27 }, // dangling 相关文档 item (版本演进)
    { source: '02-资源/工具/Ollama 本地部署笔记', target: '不存在的笔记', line: 25 },
  ],

  /**
   * `[[概述]]` written in 01-博客/OpenAI/ (line 21): two candidates of equal path length, neither in
   * the source folder → tie, resolved to the first in sorted path order (工 U+5DE5 < 论 U+8BBA).
   * Not ambiguous: `[[概述]]` in 02-资源/论文/Constitutional AI：来自AI反馈的无害性 (line 15) resolves
   * to '02-资源/论文/概述' by the source-folder preference.
   */
  ambiguous: [
    {
      source: '01-博客/OpenAI/OpenAI o1：学会推理，先想后答',
      target: '概述',
      line: 21,
      resolvesTo: '02-资源/工具/概述',
      candidates: ['02-资源/工具/概述', '02-资源/论文/概述'],
    },
  ],
  sourceFolderPreference: [
    { source: '02-资源/论文/Constitutional AI：来自AI反馈的无害性', target: '概述', line: 15, resolvesTo: '02-资源/论文/概述' },
  ],

  /** Links written where Obsidian does not tokenise; each target exists, and no edge of any relation may join the pair. */
  mustNotLink: [
    { source: '01-博客/Simon Willison/The lethal trifecta for AI agents', target: '00-元语/AI' }, // inline code, line 21
    { source: '01-博客/OpenAI/OpenAI 发布 Agents SDK', target: '01-博客/Anthropic/模型上下文协议（MCP）发布' }, // ```python fence, line 24
    { source: '01-博客/Simon Willison/Prompt injection explained', target: '01-博客/Simon Willison/The lethal trifecta for AI agents' }, // $$ … $$ block, line 19
    { source: '03-图书/读书清单', target: '02-资源/草稿/待整理链接' }, // <!-- … --> comment, line 15
    { source: '01-博客/测试/xss-probe', target: '03-图书/一九八四' }, // <div …> HTML block, line 10
  ],
  /** The opposite case: `%%[[…]]%%` (line 21) DOES make a `link` edge (indexComments = true). */
  commentLink: { source: '01-博客/Simon Willison/Things we learned about LLMs in 2024', target: '01-博客/OpenAI/OpenAI o1：学会推理，先想后答', line: 21 },

  xssNote: '01-博客/测试/xss-probe',

  /** Node labels worth checking: frontmatter `title`, else the file name. */
  labels: {
    '01-博客/测试/xss-probe': '<img src=x onerror=alert(1)>',
    '02-资源/论文/Constitutional AI：来自AI反馈的无害性': 'Constitutional AI：来自AI反馈的无害性', // frontmatter does not parse → file name
    '02-资源/工具/概述': '概述', // no frontmatter (its `# 工具概述` H1 is not a title)
    '02-资源/论文/概述': '论文概述',
    '02-资源/草稿/未命名': '未命名', // empty file
    '02-资源/工具/Claude Code 速查': 'Claude Code 速查（命令，快捷键与配置）', // CRLF file
    "01-博客/Simon Willison/OpenAI's new open weight models are really good": "OpenAI's new open weight (Apache 2) models are really good",
  },

  attachments: ['99-附件/img.png', '99-附件/paper.pdf'],
  malformedFrontmatter: '02-资源/论文/Constitutional AI：来自AI反馈的无害性', // `title: Constitutional AI: Harmlessness…` (both `yaml` and js-yaml reject it); its body links still count
  crlfNote: '02-资源/工具/Claude Code 速查',
  emptyNote: '02-资源/草稿/未命名',

  /**
   * Diagnostics that MUST be reported (not an exhaustive list: e.g. the bare 相关文档 item may also
   * get related-missing-description, and the malformed frontmatter's line is left open).
   */
  diagnosticsAtLeast: [
    { path: '01-博客/Anthropic/Claude 3.7 Sonnet 与 Claude Code', code: 'related-missing-reason', line: 25 }, // bare item
    { path: '01-博客/Anthropic/Anthropic与Infosys达成合作：为受监管行业打造企业级AI智能体', code: 'related-unknown-reason', line: 25 }, // 关联理由：参考
    { path: '01-博客/OpenAI/GPT-4o 发布：实时多模态交互', code: 'related-missing-description', line: 25 }, // 关联理由：上下游, no 说明
    { path: '01-博客/Simon Willison/MCP has prompt injection problems', code: 'unquoted-wikilink-in-yaml', line: 7 }, // parent: [[…]]
    { path: '01-博客/OpenAI/OpenAI o1：学会推理，先想后答', code: 'ambiguous-link', line: 21 },
    { path: '02-资源/论文/Constitutional AI：来自AI反馈的无害性', code: 'frontmatter-invalid' },
  ],
} as const;

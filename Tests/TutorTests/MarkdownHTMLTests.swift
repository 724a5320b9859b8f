import Testing
@testable import Tutor

/// Lesson prose as HTML on a page: each construct, and that nothing from the prose can
/// run or fetch.
@Suite struct MarkdownHTMLTests {
    @Test func inlineMarks() {
        #expect(MarkdownHTML.inline("**bold**, *em*, _em_ and `a*b`") == "<strong>bold</strong>, <em>em</em>, <em>em</em> and <code>a*b</code>")
        // An underscore inside a name is a letter; a lone star is a star.
        #expect(MarkdownHTML.inline("d_k and d_model, 2 * 3") == "d_k and d_model, 2 * 3")
        #expect(MarkdownHTML.inline("``code with ` inside``") == "<code>code with ` inside</code>")
        #expect(MarkdownHTML.inline("\\*not em\\*") == "*not em*")
    }

    @Test func linksAndImagesFetchNothing() {
        #expect(MarkdownHTML.inline("[the paper](https://arxiv.org/abs/1706.03762)")
                == "the paper <span class=\"url\">(https://arxiv.org/abs/1706.03762)</span>")
        #expect(MarkdownHTML.inline("[x](javascript:alert(1))").hasPrefix("x <span class=\"url\">(javascript:alert(1)</span>"))
        #expect(MarkdownHTML.inline("[next](#step-scores)") == "<a href=\"#step-scores\">next</a>")
        #expect(MarkdownHTML.inline("![a plot](https://example.com/p.png)") == "<span class=\"image\">[image: a plot — https://example.com/p.png]</span>")
    }

    @Test func rawHTMLIsShownNotRun() {
        #expect(MarkdownHTML.render("<script>alert('x')</script> & <b>") == "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;</p>")
        #expect(MarkdownHTML.inline("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;")
    }

    @Test func blocks() {
        let html = MarkdownHTML.render("""
            # Title here
            ### Sub

            A paragraph
            over two lines.

            - one
            - two
              - nested
            1. first
            2. second

            > quoted **text**

                indented code

            ```python
            x = 1 < 2
            ```

            | a | b |
            |:--|--:|
            | 1 | `2` |
            ---
            """)
        #expect(html.contains("<h3>Title here</h3>") && html.contains("<h3>Sub</h3>"))
        #expect(html.contains("<p>A paragraph\nover two lines.</p>"))
        #expect(html.contains("<ul><li>one</li><li><p>two</p>") || html.contains("<ul><li>one</li><li>two"))
        #expect(html.contains("<li>nested</li>"))
        #expect(html.contains("<ol><li>first</li><li>second</li></ol>"))
        #expect(html.contains("<blockquote>\n<p>quoted <strong>text</strong></p>\n</blockquote>"))
        #expect(html.contains("<pre class=\"code\"><code>indented code</code></pre>"))
        #expect(html.contains("<pre class=\"code\" data-lang=\"python\"><code>x = 1 &lt; 2</code></pre>"))
        #expect(html.contains("<th style=\"text-align:left\">a</th><th style=\"text-align:right\">b</th>"))
        #expect(html.contains("<td style=\"text-align:right\"><code>2</code></td>"))
        #expect(html.hasSuffix("<hr>"))
    }

    @Test func unfinishedMarksStayText() {
        #expect(MarkdownHTML.inline("**open") == "**open")
        #expect(MarkdownHTML.inline("`open") == "`open")
        #expect(MarkdownHTML.inline("[label](no close") == "[label](no close")
        #expect(MarkdownHTML.render("```\nnever closed") == "<pre class=\"code\"><code>never closed</code></pre>")
    }
}

/// The page's stylesheet, inlined so that the page needs nothing else: no fonts, no
/// scripts, no files beside it. On paper every folded part (hints, solutions) is
/// unfolded and cells are kept whole.
enum PageStyle {
    static let css = """
    :root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9d9; --paper: #ffffff; --code: #f4f4f1;
            --accent: #005faf; --ok: #1a7f37; --bad: #b42318; --task: #f5f9fd; --task-rule: #c5d5e6; }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--paper); color: var(--ink);
           font: 16px/1.55 Charter, 'Bitstream Charter', Georgia, 'DejaVu Serif', serif; }
    main { max-width: 54rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
    header h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .3rem; }
    .meta, footer { color: var(--muted); font: .9rem/1.4 system-ui, 'DejaVu Sans', sans-serif; }
    footer { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
    section.step { border-top: 1px solid var(--rule); margin-top: 2.2rem; padding-top: .4rem; }
    h2 { font-size: 1.45rem; margin: .6rem 0 .8rem; }
    h2 .num { color: var(--muted); font-weight: normal; margin-right: .45em; }
    h3, h4, h5, h6 { margin: 1.2rem 0 .5rem; }
    pre, code, table.tensor, .verdict, .shape, .head, .gap {
           font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; }
    code { font-size: .88em; background: var(--code); padding: .05em .25em; border-radius: 3px; }
    pre { font-size: .85rem; line-height: 1.45; }
    pre.code { background: var(--code); padding: .6rem .8rem; border-radius: 4px; overflow-x: auto; }
    pre code { background: none; padding: 0; font-size: 1em; }
    blockquote { margin: 1rem 0; padding: .1rem 1rem; border-left: 4px solid var(--rule); color: #333; }
    table.prose { border-collapse: collapse; margin: 1rem 0; }
    table.prose th, table.prose td { border: 1px solid var(--rule); padding: .25rem .6rem; }
    .url { color: var(--muted); font-size: .9em; word-break: break-all; }
    .image { color: var(--muted); font-style: italic; }
    .cell { margin: 1rem 0; padding-left: .8rem; border-left: 3px solid #9db3c8; }
    pre.input { margin: .25rem 0; white-space: pre-wrap; color: #0b3d66; }
    .prompt { color: var(--muted); user-select: none; }
    .output { margin: .2rem 0 .7rem; overflow-x: auto; }
    pre.output { margin: .2rem 0 .7rem; white-space: pre-wrap; }
    pre.error { color: var(--bad); }
    .shape, .head, .gap { display: block; color: var(--muted); font-size: .78rem; margin: .15rem 0; }
    table.tensor { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums; margin: .1rem 0 .4rem; }
    table.tensor td { text-align: right; padding: .05rem .55rem; white-space: nowrap; }
    table.tensor th { color: var(--muted); font-weight: normal; padding: .05rem .55rem; white-space: nowrap; }
    table.tensor thead th { text-align: right; border-bottom: 1px solid var(--rule); }
    table.tensor tbody th { text-align: left; border-right: 1px solid var(--rule); }
    table.tensor td.gap { color: var(--muted); }
    .scalar { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: .9rem; }
    figure.picture { margin: 1rem 0; overflow-x: auto; }
    figure.picture svg { display: block; max-width: none; margin-top: .3rem; }
    svg text.col, svg text.row, svg text.tick, svg text.name, svg text.legend { fill: #333; }
    svg text.note, svg text.head, svg text.gap { fill: #666; }
    .task { margin: 1.4rem 0; padding: .6rem 1rem .7rem; background: var(--task);
            border: 1px solid var(--task-rule); border-radius: 6px; }
    .task > summary { cursor: pointer; font-weight: bold; }
    .task .mark { color: var(--accent); margin-right: .4em; font-family: system-ui, 'DejaVu Sans', sans-serif; font-size: .85rem; }
    .task ol.choices { list-style: none; padding-left: 1rem; }
    details details { margin: .5rem 0 0 .3rem; }
    details details > summary { cursor: pointer; color: var(--accent); font-family: system-ui, 'DejaVu Sans', sans-serif; font-size: .9rem; }
    .hints ol { margin: .3rem 0; }
    .verdict { margin: .3rem 0; font-size: .88rem; white-space: pre-wrap; }
    .verdict.ok { color: var(--ok); }
    .verdict.bad { color: var(--bad); }
    .note { color: var(--muted); font-style: italic; }
    .note.problem { color: var(--bad); font-style: normal; }
    .withheld { color: #7a5d00; background: #fff7dc; border-radius: 3px; padding: .2rem .5rem; font-style: italic; font-size: .9rem; }
    @media (max-width: 40rem) { main { padding: 1rem .7rem; } }
    @media print {
      body { font-size: 10.5pt; }
      main { max-width: none; padding: 0; }
      /* Unfold every hint and solution on paper (Chromium, Firefox and Safari of 2024 on;
         the page's one-line script opens them in older browsers). */
      details::details-content { content-visibility: visible; display: block; height: auto; }
      details > summary { list-style: none; }
      details > summary::-webkit-details-marker { display: none; }
      .cell, figure.picture, .task, table.tensor, pre { break-inside: avoid; }
      h2, h3 { break-after: avoid; }
      figure.picture { overflow: visible; }
    }
    """
}

/// The page's one stylesheet, served at `/static/style.css`. Colours meet WCAG AA against their
/// backgrounds (body text 13:1, muted text 7:1, status text on its tint at least 6:1); every status
/// is also written as a word, so colour is never the only signal.
enum Stylesheet {
    static let path = "/static/style.css"

    static let css = """
    :root {
      --ink: #1f2933; --muted: #4b5563; --line: #d5dae1; --paper: #ffffff; --wash: #f4f6f8;
      --accent: #1d4ed8; --accent-ink: #ffffff; --accent-wash: #e8eefc;
      --ok: #14532d; --ok-wash: #dcfce7; --warn: #713f12; --warn-wash: #fef3c7;
      --bad: #991b1b; --bad-wash: #fee2e2; --idle: #374151; --idle-wash: #e5e7eb;
      --radius: 6px; font-size: 15px;
    }
    * { box-sizing: border-box; }
    body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
           color: var(--ink); background: var(--wash); line-height: 1.45; }
    a { color: var(--accent); }
    a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible, [tabindex]:focus-visible,
    input[type=date]:focus-within {
      outline: 3px solid #f59e0b; outline-offset: 2px; }
    .skip { position: absolute; left: -9999px; } .skip:focus { left: 1rem; top: .5rem; background: var(--paper); padding: .4rem .8rem; z-index: 10; }
    .top { display: flex; align-items: center; gap: 1.5rem; padding: .55rem 1.25rem; background: #111827; color: #f9fafb; }
    .top a { color: #f9fafb; text-decoration: none; } .top a:hover { text-decoration: underline; }
    .brand { font-weight: 700; letter-spacing: .02em; }
    .top nav { display: flex; gap: 1rem; flex: 1; }
    .top .who { font-size: .9rem; display: flex; gap: .75rem; align-items: center; }
    .top .who button { background: transparent; color: #f9fafb; border: 1px solid #6b7280; }
    main { max-width: 1240px; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
    h1 { font-size: 1.45rem; margin: .2rem 0 .4rem; } h2 { font-size: 1.15rem; margin: 0; } h3 { font-size: 1rem; margin: 0; }
    .crumbs { font-size: .9rem; color: var(--muted); margin: 0 0 .4rem; } .crumbs a { color: var(--muted); }
    .panel { background: var(--paper); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.1rem; margin-bottom: 1rem; }
    .muted { color: var(--muted); } .small { font-size: .88rem; } .mono { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: .88rem; }
    table { border-collapse: collapse; width: 100%; background: var(--paper); }
    th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    /* Long values without spaces (JSON, links) wrap inside their cell instead of widening the page. */
    td.mono, dd, .rtext { overflow-wrap: anywhere; } .nowrap { white-space: nowrap; }
    td.key { min-width: 11rem; }
    th { font-size: .85rem; color: var(--muted); font-weight: 600; background: var(--wash); }
    dl.fields { display: grid; grid-template-columns: minmax(9rem, max-content) 1fr; gap: .25rem 1rem; margin: .3rem 0; }
    dl.fields dt { color: var(--muted); } dl.fields dd { margin: 0; white-space: pre-wrap; }
    button, .button { font: inherit; font-size: .92rem; padding: .38rem .8rem; border-radius: var(--radius); border: 1px solid var(--line);
      background: var(--paper); color: var(--ink); cursor: pointer; text-decoration: none; display: inline-block; line-height: 1.3; }
    button:hover, .button:hover { background: var(--wash); }
    button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); font-weight: 600; }
    button.primary:hover, .button.primary:hover { background: #1e40af; }
    button.danger { color: var(--bad); border-color: #e5a3a3; }
    button.primary.danger { background: var(--bad); border-color: var(--bad); color: #ffffff; }
    button.primary.danger:hover { background: #7f1d1d; }
    button[disabled] { opacity: 1; background: var(--idle-wash); color: var(--idle); border-color: var(--line); cursor: not-allowed; }
    button.icon { padding: .15rem .45rem; font-size: .9rem; }
    label { display: block; font-weight: 600; font-size: .9rem; margin: .45rem 0 .15rem; }
    label .req { color: var(--bad); font-weight: 400; }
    input[type=text], input[type=search], input[type=password], input[type=date], input[type=url], input[type=tel], input[type=email], select, textarea {
      font: inherit; width: 100%; max-width: 34rem; padding: .35rem .5rem; border: 1px solid #9aa5b1; border-radius: 4px; background: var(--paper); color: var(--ink); }
    textarea { min-height: 4.2rem; resize: vertical; }
    input[aria-invalid=true], select[aria-invalid=true], textarea[aria-invalid=true] { border-color: var(--bad); box-shadow: 0 0 0 1px var(--bad); }
    .field-error { color: var(--bad); font-size: .88rem; margin: .15rem 0 0; }
    .hint { color: var(--muted); font-size: .85rem; margin: .1rem 0 0; }
    fieldset { border: 0; padding: 0; margin: .45rem 0 0; } legend { font-weight: 600; font-size: .9rem; padding: 0; }
    fieldset label { display: inline-flex; gap: .3rem; font-weight: 400; margin-right: .9rem; }
    .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-top: .7rem; }
    .badge { display: inline-block; font-size: .8rem; font-weight: 600; padding: .08rem .5rem; border-radius: 999px; border: 1px solid transparent; white-space: nowrap; }
    .badge::before { margin-right: .3rem; }
    .st-open { background: var(--warn-wash); color: var(--warn); } .st-open::before { content: "○"; }
    .st-ready { background: var(--accent-wash); color: #1e3a8a; } .st-ready::before { content: "●"; }
    .st-complete, .st-reviewed, .st-active { background: var(--ok-wash); color: var(--ok); } .st-complete::before, .st-reviewed::before, .st-active::before { content: "✔"; }
    .st-not_required, .st-expired, .st-discarded { background: var(--idle-wash); color: var(--idle); } .st-not_required::before { content: "–"; }
    .st-draft { background: var(--warn-wash); color: var(--warn); } .st-draft::before { content: "✎"; }
    .st-error { background: var(--bad-wash); color: var(--bad); } .st-error::before { content: "!"; }
    .bar { display: flex; align-items: center; gap: .6rem; }
    progress { appearance: none; -webkit-appearance: none; width: 14rem; height: .8rem; border: 1px solid #9aa5b1; border-radius: 999px; background: var(--idle-wash); overflow: hidden; }
    progress::-webkit-progress-bar { background: var(--idle-wash); }
    progress::-webkit-progress-value { background: #15803d; }
    progress::-moz-progress-bar { background: #15803d; }
    progress.small { width: 6.5rem; height: .6rem; }
    .bar-text { font-size: .9rem; font-variant-numeric: tabular-nums; }
    .plan-head { display: grid; grid-template-columns: 1fr auto; gap: .4rem 1.5rem; align-items: start; }
    .plan-head .meta { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; color: var(--muted); font-size: .9rem; margin: .2rem 0 .5rem; }
    .plan-head .meta b { color: var(--ink); font-weight: 600; }
    .plan-head .side { display: flex; flex-direction: column; gap: .5rem; align-items: flex-end; }
    .plan-head .life { display: flex; flex-wrap: wrap; gap: .5rem; justify-content: flex-end; }
    .blockers { margin: .5rem 0 0; font-size: .9rem; color: var(--warn); }
    .layout { display: grid; grid-template-columns: 15rem 1fr; gap: 1.1rem; align-items: start; }
    .toc { position: sticky; top: .75rem; background: var(--paper); border: 1px solid var(--line); border-radius: var(--radius); padding: .6rem .2rem .6rem .6rem; font-size: .9rem; }
    .toc ol { list-style: none; margin: 0; padding: 0; } .toc li { margin: .15rem 0; }
    .toc a { display: flex; justify-content: space-between; gap: .5rem; padding: .2rem .5rem; border-radius: 4px; text-decoration: none; color: var(--ink); }
    .toc a:hover { background: var(--wash); } .toc .n { color: var(--muted); font-variant-numeric: tabular-nums; }
    section.plan-section { background: var(--paper); border: 1px solid var(--line); border-radius: var(--radius); margin-bottom: 1rem; }
    section.plan-section > header { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: .7rem 1rem; border-bottom: 1px solid var(--line); }
    .guidance { padding: .55rem 1rem; background: #f8fafc; border-bottom: 1px solid var(--line); font-size: .9rem; color: var(--muted); }
    .guidance p { margin: 0 0 .2rem; } .guidance ul { margin: .1rem 0 0; padding-left: 1.1rem; }
    article.item { padding: .8rem 1rem .9rem; border-bottom: 1px solid var(--line); border-left: 4px solid transparent; }
    article.item:last-child { border-bottom: 0; }
    article.item.is-open { border-left-color: #d97706; } article.item.is-done { border-left-color: #15803d; } article.item.is-skipped { border-left-color: #9ca3af; }
    article.item.is-error { border-left-color: var(--bad); }
    article.item > header { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; }
    .item-title { display: flex; gap: .5rem; align-items: baseline; }
    .info { cursor: help; display: inline-flex; align-items: center; justify-content: center; width: 1.15rem; height: 1.15rem; border-radius: 50%;
      border: 1.5px solid var(--accent); color: var(--accent); font: italic 700 .75rem Georgia, serif; }
    .item-guidance p { margin: 0; }
    h3.group { margin-top: .7rem; } ul.tight { margin: 0; padding-left: 1rem; } .narrow { max-width: 26rem; margin: 2rem auto; }
    details.edit-item > summary { display: inline-block; font-size: .9rem; color: var(--accent); text-decoration: underline; margin-top: .2rem; }
    details.edit-item[open] > summary { margin-bottom: .2rem; }
    article.item dl.fields { grid-template-columns: max-content minmax(0, 1fr) max-content minmax(0, 1fr); gap: .2rem 1rem; margin: .35rem 0 0; font-size: .93rem; }
    .item-guidance { margin: .3rem 0 .2rem; font-size: .9rem; color: var(--muted); max-width: 60rem; }
    .messages { list-style: none; padding: .4rem .7rem; margin: .5rem 0 0; background: var(--warn-wash); color: var(--warn); border-radius: 4px; font-size: .9rem; }
    .messages li::before { content: "✗ "; font-weight: 700; }
    .refusal, .conflict { padding: .55rem .8rem; margin: .6rem 0 0; background: var(--bad-wash); color: var(--bad); border: 1px solid #f3b4b4; border-radius: 4px; font-size: .92rem; }
    .refusal p, .conflict p { margin: 0 0 .2rem; font-weight: 600; } .refusal ul { margin: 0; padding-left: 1.2rem; }
    .notice { padding: .55rem .8rem; margin: 0 0 1rem; background: var(--ok-wash); color: var(--ok); border: 1px solid #a7d7b4; border-radius: 4px; }
    .rule-error { padding: .5rem .7rem; margin: .5rem 0 0; background: var(--bad-wash); color: var(--bad); border-radius: 4px; font-size: .88rem; }
    .rule-error code { color: var(--bad); }
    .records { list-style: none; padding: 0; margin: .5rem 0 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: .5rem; }
    .records li { border: 1px solid var(--line); border-radius: 4px; padding: .45rem .6rem; background: #fbfcfd; display: flex; justify-content: space-between; gap: .5rem; }
    .records .rid { font-weight: 600; font-size: .85rem; } .records .rtext { font-size: .9rem; }
    .records .tools { display: flex; gap: .25rem; align-items: flex-start; }
    .records form { margin: 0; }
    .empty { color: var(--muted); font-style: italic; font-size: .9rem; margin: .4rem 0 0; }
    .subpanel { margin-top: .6rem; padding: .6rem .8rem; border: 1px solid #b7c4e8; background: #f7f9ff; border-radius: 4px; }
    .subpanel h4 { margin: 0 0 .3rem; font-size: .95rem; }
    details.skip-item { display: inline-block; }
    details.skip-item[open] { display: block; width: 100%; }
    details > summary { cursor: pointer; }
    details.skip-item > summary { list-style: none; font-size: .92rem; padding: .38rem .8rem; border: 1px solid var(--line); border-radius: var(--radius); background: var(--paper); display: inline-block; }
    details.skip-item > summary::-webkit-details-marker { display: none; }
    .grid2 { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0 1.2rem; }
    .confirm { border: 2px solid var(--accent); }
    .search { display: flex; gap: .5rem; align-items: flex-end; } .search div { flex: 1; }
    .chain { list-style: none; padding: 0; margin: 0; } .chain li { padding: .15rem 0; }
    .diff-old { color: var(--bad); text-decoration: line-through; } .diff-new { color: var(--ok); }
    @media (max-width: 1000px) {
      .layout { grid-template-columns: 1fr; } .toc { position: static; }
      .toc ol { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0 .5rem; }
      .plan-head { grid-template-columns: 1fr; } .plan-head .side { align-items: flex-start; } .plan-head .life { justify-content: flex-start; }
      .grid2 { grid-template-columns: 1fr; }
      article.item dl.fields { grid-template-columns: minmax(8rem, max-content) 1fr; }
    }
    """
}

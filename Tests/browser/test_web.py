#!/usr/bin/env python3
"""Browser tests of the coordinators' web page, on the demo database, in Debian's chromium.

Walks the seed's whole flow as a coordinator would (find a client, Create Support Plan, work every
item, Set to Active, Start Plan Review, Mark Reviewed, activate the review), then a stale save and
hostile client data. Usage: test_web.py BASE_URL [--screenshots DIR]
"""
import os
import re
import sys
import time

from playwright.sync_api import expect, sync_playwright

BASE = sys.argv[1].rstrip("/")
USER, PASSWORD = os.environ["SP_USER"], os.environ["SP_PASSWORD"]
SHOTS = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None

# What the coordinator types or links where an item needs it (the demo's values).
ENTRIES = {
    "what_matters": {"important_to_me": "My cat Miso, and seeing my brother on Sundays."},
    "medication_support": {"support_level": "Prompting", "pharmacy": "Carlton Priceline"},
    "emergency_plan": {"evacuation_support": "Wheelchair evacuation"},
    "behaviour_overview": {"triggers": "Loud, crowded rooms; changes to the day's plan without warning.",
                           "what_helps": "Time in a quiet room, headphones, and a picture schedule."},
    "personal_care": {"showering": "Assistance", "toileting": "Prompting", "dressing": "Assistance"},
    "mealtimes": {"food_texture": "Soft and bite-sized (IDDSI 6)", "drink_thickness": "Thin (IDDSI 0)"},
    "goals": {"how_we_support": "Practise the tram trip each Tuesday; plan a weekly meal together."},
    "goals#review": {"progress_notes": "Catches the tram to the library with a worker nearby."},
    "community_activities": {"activity": "Art class at the Carlton library", "day": "Tuesday", "transport": "Public transport"},
    "how_i_communicate": {"method": "Verbal"},
}
LINKS = {"risk_assessments": ["RA-00001"], "behaviour_strategies": ["BST-00001", "BST-00002"], "service_providers": ["PRV-00001"]}
VIDEO = "https://video.example.org.au/clients/ada-nguyen/transfers"


def card(page, key, n=1):
    return page.locator(f"#i-{key}-{n}")


def submit(page, locator):
    """Clicks a control that posts or navigates and waits for the page it leads to."""
    with page.expect_navigation():
        locator.click()


def set_field(scope, key, value):
    field = scope.locator(f'[name="v.{key}"]').first
    if field.evaluate("e => e.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)


def plan_bar(page):
    return page.locator("#plan-progress-text")


def percent(page):
    return int(re.search(r"(\d+)%", plan_bar(page).inner_text()).group(1))


def work_through(page, done_label, shot=None):
    """Marks every open item done as a coordinator would: types what it needs, links records, then
    Mark Complete (or Mark Reviewed), checking the card says so afterwards."""
    shot_taken = False
    for _ in range(60):
        open_cards = page.locator("article.item.is-open")
        if open_cards.count() == 0:
            return
        c = open_cards.first
        anchor = c.get_attribute("id")
        key, n = re.match(r"i-(.+)-(\d+)$", anchor).groups()
        entries = dict(ENTRIES.get(key, {}))
        if done_label == "Mark Reviewed":
            entries.update(ENTRIES.get(key + "#review", {}))
        for field, value in entries.items():
            set_field(c, field, value)
        if key in LINKS and c.locator(".records li").count() == 0:
            submit(page, c.get_by_role("link", name="Link existing", exact=True))
            panel = card(page, key, n).get_by_role("region", name="Link existing records")
            for rid in LINKS[key]:
                panel.get_by_label(re.compile("^" + rid)).check()
            submit(page, panel.get_by_role("button", name="Link selected"))
            c = card(page, key, n)
        if c.locator('[name="v.url"]').count() and "/clients/" not in (c.locator('[name="v.url"]').input_value() or ""):
            c.locator('[name="v.url"]').fill(VIDEO)
        submit(page, c.get_by_role("button", name=done_label, exact=True))
        c = card(page, key, n)
        if c.locator(".refusal").count():
            raise AssertionError(f"{anchor} refused: " + c.locator(".refusal").inner_text())
        expect(c.locator(".badge")).to_have_text("Reviewed" if done_label == "Mark Reviewed" else "Complete")
        if shot and not shot_taken and percent(page) >= 50:
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=shot)
            shot_taken = True
    raise AssertionError("items stayed open: " + ", ".join(page.locator("article.item.is-open").evaluate_all("es => es.map(e => e.id)")))


def sign_in(page, start="/"):
    """Signs in through the page, as a person would: any page leads to the sign-in page and back."""
    page.goto(BASE + start)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("User name").fill(USER)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, page.get_by_role("button", name="Sign in"))
    expect(page.get_by_text(f"Signed in as {USER}")).to_be_visible()


def test_sign_in_and_out(page):
    page.goto(BASE + "/clients/C-0001")
    assert "/sign-in?next=" in page.url, page.url
    page.get_by_label("User name").fill(USER)
    page.get_by_label("Password").fill("not the password")
    submit(page, page.get_by_role("button", name="Sign in"))
    expect(page.get_by_text("Wrong user name or password")).to_be_visible()
    expect(page.get_by_label("User name")).to_have_value(USER)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, page.get_by_role("button", name="Sign in"))
    assert page.url == BASE + "/clients/C-0001", page.url
    expect(page.get_by_text(f"Signed in as {USER} (team_leader)")).to_be_visible()
    submit(page, page.get_by_role("button", name="Sign out"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto(BASE + "/clients")
    assert "/sign-in" in page.url, page.url


def test_whole_flow(page):
    # Find a client.
    page.goto(BASE + "/")
    expect(page.get_by_role("heading", name="Clients")).to_be_visible()
    page.get_by_label("Search by name or id").fill("nguyen")
    submit(page, page.get_by_role("button", name="Search"))
    expect(page.get_by_role("link", name="Ron Walsh")).to_have_count(0)
    submit(page, page.get_by_role("link", name="Ada Nguyen"))
    expect(page.get_by_role("heading", name=re.compile("Ada Nguyen"))).to_be_visible()

    # Create Support Plan: only active templates, with her goal and behaviour support plans.
    expect(page.get_by_label("Template")).to_contain_text("NDIS Core Supports")
    page.get_by_label("Template").select_option("ndis-core")
    page.get_by_label("Goal attainment plan (optional)").select_option("GAP-00001")
    page.get_by_label("Behaviour support plan (optional)").select_option("BSP-00001")
    submit(page, page.get_by_role("button", name="Create Support Plan"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Support plan SP-")
    expect(page.locator("h1 .badge")).to_have_text("Draft")
    expect(plan_bar(page)).to_contain_text("0 of")
    expect(page.get_by_role("button", name="Set to Active")).to_be_disabled()
    expect(page.get_by_text("Write this section with the participant")).to_be_visible()  # section guidance
    expect(page.locator("#i-falls_risk-1")).to_have_count(0)  # hidden for a participant under 65
    plan_url = page.url.split("#")[0]

    # A profile item: type a preferred name, Mark Complete.
    c = card(page, "preferred_name")
    c.get_by_label("Preferred name").fill("Ada")
    submit(page, c.get_by_role("button", name="Mark Complete", exact=True))
    expect(card(page, "preferred_name").locator(".badge")).to_have_text("Complete")
    expect(plan_bar(page)).to_contain_text("1 of")

    # Link existing: the ceased medication is not offered.
    c = card(page, "current_medications")
    expect(c.locator(".messages")).to_be_visible()  # the rule's message while nothing is linked
    submit(page, c.get_by_role("link", name="Link existing", exact=True))
    panel = card(page, "current_medications").get_by_role("region", name="Link existing records")
    expect(panel).to_contain_text("MED-00001")
    expect(panel).not_to_contain_text("MED-00002")
    panel.get_by_label(re.compile("^MED-00001")).check()
    submit(page, panel.get_by_role("button", name="Link selected"))
    c = card(page, "current_medications")
    expect(c.locator(".records")).to_contain_text("Baclofen")
    submit(page, c.get_by_role("button", name="Mark Complete", exact=True))
    expect(card(page, "current_medications").locator(".badge")).to_have_text("Complete")

    # Create new through the template's form: first a refused phone number, then a good one.
    c = card(page, "emergency_contacts")
    submit(page, c.get_by_role("link", name="Create new", exact=True))
    form = card(page, "emergency_contacts").get_by_role("region", name="Create new care contact")
    form.get_by_label("Name").fill("Linh Tran")
    form.get_by_label("Relationship").select_option("Friend")
    form.get_by_label("Phone").fill("12")
    submit(page, form.get_by_role("button", name="Create and link"))
    form = card(page, "emergency_contacts").get_by_role("region", name="Create new care contact")
    expect(form.locator(".refusal")).to_contain_text("phone")
    expect(form.get_by_label("Name")).to_have_value("Linh Tran")  # what was typed is kept
    expect(form.get_by_label("Phone")).to_have_value("12")
    form.get_by_label("Name").fill("Sam Carter")
    form.get_by_label("Relationship").select_option("Neighbour")
    form.get_by_label("Phone").fill("0400 555 777")
    submit(page, form.get_by_role("button", name="Create and link"))
    c = card(page, "emergency_contacts")
    expect(c.locator(".refusal")).to_have_count(0)
    expect(c.locator(".records")).to_contain_text("Sam Carter · Neighbour · 0400 555 777")

    # Not Required with a reason.
    c = card(page, "allied_health")
    c.get_by_text("Not Required…").click()
    c.get_by_label("Why is it not required?").fill("No allied health reports yet")
    submit(page, c.get_by_role("button", name="Not Required", exact=True))
    c = card(page, "allied_health")
    expect(c.locator(".badge")).to_have_text("Not required")
    expect(c).to_contain_text("Not required: No allied health reports yet")
    expect(c.get_by_role("button", name="Reinstate")).to_be_visible()

    # Add Another: a second community activity, blank with its defaults.
    submit(page, page.locator("#s-community").get_by_role("button", name="Add Another"))
    c = card(page, "community_activities", 2)
    expect(c).to_be_visible()
    expect(c.locator('[name="v.support_ratio"]')).to_have_value("1:1")
    set_field(c, "activity", "Swimming at Fitzroy pool")
    set_field(c, "day", "Saturday")
    submit(page, c.get_by_role("button", name="Save"))
    expect(card(page, "community_activities", 2).locator('[name="v.activity"]')).to_have_value("Swimming at Fitzroy pool")

    # Mark Complete until the plan bar reads 100 %.
    work_through(page, "Mark Complete", shot=os.path.join(SHOTS, "plan-draft.png") if SHOTS else None)
    expect(plan_bar(page)).to_contain_text("100%")
    assert page.locator("#plan-progress").get_attribute("value") == page.locator("#plan-progress").get_attribute("max")

    # Set to Active, behind a confirmation.
    submit(page, page.get_by_role("button", name="Set to Active"))
    expect(page.get_by_role("heading", name=re.compile("to Active\\?"))).to_be_visible()
    expect(page.get_by_text("expires today")).to_be_visible()  # her active plan from the demo
    submit(page, page.get_by_role("button", name="Confirm"))
    expect(page.locator("h1 .badge")).to_have_text("Active")
    expect(page.get_by_text("Active since")).to_be_visible()
    expect(page.get_by_role("button", name="Mark Complete")).to_have_count(0)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "plan-active.png"))
    first_plan = page.url.split("/plans/")[1].split("#")[0]

    # Start Plan Review: a draft copy to mark reviewed.
    submit(page, page.get_by_role("button", name="Start Plan Review"))
    submit(page, page.get_by_role("button", name="Confirm"))
    expect(page.locator("h1 .badge")).to_have_text("Draft")
    expect(page.locator(".plan-head .meta")).to_contain_text("Reviews " + first_plan)
    expect(page.get_by_role("button", name="Mark Reviewed").first).to_be_visible()
    expect(card(page, "allied_health").locator(".badge")).to_have_text("Not required")  # carried over
    work_through(page, "Mark Reviewed")
    expect(plan_bar(page)).to_contain_text("100%")
    submit(page, page.get_by_role("link", name="Changes since the reviewed plan"))
    expect(page.get_by_role("heading", name=re.compile("Changes from " + first_plan))).to_be_visible()
    expect(page.locator("table")).to_contain_text("reviewed")
    page.go_back()

    # Activate the review: the reviewed plan expires.
    submit(page, page.get_by_role("button", name="Set to Active"))
    expect(page.get_by_text(first_plan + ", the plan active now, expires today.")).to_be_visible()
    submit(page, page.get_by_role("button", name="Confirm"))
    expect(page.locator("h1 .badge")).to_have_text("Active")
    submit(page, page.get_by_role("link", name="History"))
    expect(page.locator("table")).to_contain_text("activate")
    page.goto(BASE + "/clients/C-0001")
    expect(page.get_by_role("row", name=re.compile(first_plan + ".*Expired"))).to_be_visible()


def test_stale_save_shows_who_changed_the_plan(page, context):
    page.goto(BASE + "/clients/C-0002")
    page.get_by_label("Template").select_option("ndis-core")
    submit(page, page.get_by_role("button", name="Create Support Plan"))
    other = context.new_page()
    other.goto(page.url)
    # Someone else saves first.
    c = card(other, "what_matters")
    c.get_by_label("What is important to me").fill("Fishing at the pier")
    submit(other, c.get_by_role("button", name="Save"))
    # This page still holds the old revision: its save is not applied.
    c = card(page, "what_matters")
    c.get_by_label("What is important to me").fill("Overwrite attempt")
    with page.expect_navigation() as nav:
        c.get_by_role("button", name="Save").click()
    assert nav.value.status == 409, nav.value.status
    expect(page.get_by_role("alert")).to_contain_text(re.compile(r"changed by \S+ at \d{4}-\d\d-\d\d \d\d:\d\d"))
    expect(card(page, "what_matters").get_by_label("What is important to me")).to_have_value("Fishing at the pier")
    other.close()
    # The draft is not wanted after all: Discard, behind a confirmation, leads to the client.
    plan_id = re.search(r"/plans/(SP-\d+)", page.url).group(1)
    submit(page, page.get_by_role("button", name="Discard", exact=True))
    expect(page.get_by_role("heading", name=f"Discard {plan_id}?")).to_be_visible()
    submit(page, page.get_by_role("button", name="Confirm"))
    assert page.url.endswith("/clients/C-0002"), page.url
    expect(page.get_by_role("row", name=re.compile(plan_id + ".*Discarded"))).to_be_visible()


def test_client_data_is_shown_as_text(page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(BASE + "/clients?q=C-0666")
    link = page.locator("tbody a").first
    expect(link).to_contain_text("<script>alert('pwned')</script>")
    expect(link).to_contain_text("\u241b[31mEvil Eve\u241b[0m & <b>Co</b>")  # the ANSI escape shown as ␛
    submit(page, link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("<script>alert('pwned')</script>")
    expect(page.locator("main")).to_contain_text("</td><script>alert(2)</script>")
    expect(page.locator("main")).to_contain_text("<img src=x onerror=alert(1)>")
    assert page.locator("script").count() == 0 and page.locator("main b, main img").count() == 0
    assert dialogs == [], dialogs


def test_a_form_without_its_token_changes_nothing(page):
    page.goto(BASE + "/clients/C-0003")
    answer = page.request.post(BASE + "/clients/C-0003/plans", form={"template": "ndis-core"}, max_redirects=0)
    assert answer.status == 403, answer.status
    page.reload()
    expect(page.get_by_text("No support plans yet.")).to_be_visible()


# The main pages on the demo's plans (SP-000001 active, SP-000002 its review draft), as a tablet shows them.
TABLET_PAGES = ["/clients", "/clients/C-0001", "/plans/SP-000002", "/plans/SP-000002?open=create&item=emergency_contacts",
                "/plans/SP-000002/activate", "/plans/SP-000002/diff", "/plans/SP-000001", "/plans/SP-000001/history",
                "/templates", "/templates/ndis-core/versions/1"]

# What a keyboard user can reach: every visible control, and whether it shows where the focus is.
CONTROLS = """() => [...document.querySelectorAll('a[href], button:not([disabled]), input:not([type=hidden]), select, textarea, summary, [tabindex="0"]')]
    .filter(e => e.checkVisibility()).map(e => e.outerHTML.slice(0, 120))"""
FOCUSED = """() => { const e = document.activeElement, s = getComputedStyle(e);
    return [e.outerHTML.slice(0, 120), (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none'] }"""


def test_tablet_width_and_keyboard(page):
    """At 768x1024 no page scrolls sideways; on the draft every control is reached by Tab and shows its focus."""
    page.set_viewport_size({"width": 768, "height": 1024})
    for path in TABLET_PAGES:
        answer = page.goto(BASE + path)
        assert answer.status == 200, (path, answer.status)
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], f"{path} scrolls sideways: {width[0]} px wide in a {width[1]} px window"
        if SHOTS and path == "/plans/SP-000002":
            page.screenshot(path=os.path.join(SHOTS, "plan-tablet.png"))
    page.goto(BASE + "/plans/SP-000002")
    controls = page.evaluate(CONTROLS)
    reached, unmarked = [], []
    for _ in range(2 * len(controls) + 10):  # a date field takes a Tab per part
        page.keyboard.press("Tab")
        html, marked = page.evaluate(FOCUSED)
        if html.startswith("<body"):
            break
        reached.append(html)
        if not marked:
            unmarked.append(html)
    missed = [c for c in controls if c not in reached]
    assert not missed, f"{len(missed)} controls not reached by Tab, first: {missed[0]}"
    assert not unmarked, f"{len(unmarked)} controls show no focus, first: {unmarked[0]}"


def main():
    failures = 0
    with sync_playwright() as p:
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for test in [test_sign_in_and_out, test_tablet_width_and_keyboard, test_whole_flow, test_stale_save_shows_who_changed_the_plan, test_client_data_is_shown_as_text,
                     test_a_form_without_its_token_changes_nothing]:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.set_default_timeout(10_000)
            page = context.new_page()
            start = time.monotonic()
            try:
                if test is not test_sign_in_and_out:
                    sign_in(page)
                if "context" in test.__code__.co_varnames[:test.__code__.co_argcount]:
                    test(page, context)
                else:
                    test(page)
                print(f"ok   {test.__name__} ({time.monotonic() - start:.1f} s)")
            except Exception as error:  # report every test, then fail
                failures += 1
                shot = f"/tmp/supportplan-browser-{test.__name__}.png"
                page.screenshot(path=shot, full_page=True)
                print(f"FAIL {test.__name__}: {error}\n     at {page.url}; screenshot {shot}")
            context.close()
        browser.close()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

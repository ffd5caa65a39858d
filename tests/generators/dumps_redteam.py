"""Red-team text dumps of Responsible Statecraft article pages, written from /work/shared/rs-site.md and the seed.

Each case is laid out as a naive HTML-to-text step prints an RS page (see the seed, samples/seed-venezuela.txt):
header social block, "google cta" labels (some captures only, 3 per page, anywhere in the chrome), the hero alt
line (file name, short caption, the headline again, or none), a WordPress-era photo caption, the headline (once
or twice), the dek, "<type> | <section>", the body, the lead photo credit, the "<type> | <section>" line again,
teasers (alt, "Top image/photo credit:", headline, section, text, "keep readingShow less"), the LATEST / QIOSK /
Newsletter widgets with their items, the "Subscribe now …" line. Ground truth: title, subtitle (dek or None),
article_type, section, image_credit (without its label), text = body blocks joined by a blank line (a list's
items joined by one newline, whitespace collapsed as in the mirror's ground truth).

Run ``.venv/bin/python tests/generators/dumps_redteam.py [OUT_DIR]`` to rewrite <name>.txt and <name>.json (default
tests/fixtures/dumps_redteam; the json pins the six fields ``clean_text_dump`` returns). Deterministic.
"""

# ruff: noqa: E501  (page markup and sample text: a long line here is a line of the data it writes)

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DEST = Path(__file__).resolve().parents[1] / "fixtures" / "dumps_redteam"
SUBSCRIBE = (
    "Subscribe now to our weekly round-up and don't miss a beat with your favorite RS contributors and "
    "reporters, as well as staff analysis, opinion, and news promoting a positive, non-partisan vision of "
    "U.S. foreign policy."
)

TEASERS: dict[str, dict[str, Any]] = {
    "lockheed": dict(
        alt="Lockheed Martin",
        label="Top image credit",
        credit="kiuikson via shutterstock.com",
        headline="Wear the war machine with Lockheed Martin merch",
        section="Military Industrial Complex",
        paras=[
            "I wrote a book about Lockheed Martin — the world’s largest arms-making conglomerate. But "
            "even I was surprised to learn that they have also been involved in the fashion industry.",
            "The revelation came in a recent New York Times piece on Kodak, which has had a minor "
            "resurgence by selling its name for use on a range of consumer products.",
        ],
    ),
    "kim": dict(
        alt="Kim Jong Un",
        label="Top photo credit",
        credit="North Korean leader Kim Jong Un visits a construction site, North Korea July 13, 2025. KCNA via REUTERS",
        headline="Kim Jong Un is nuking up and playing hard to get",
        section="Asia-Pacific",
        paras=[
            "President Donald Trump’s second term has so far been a series of “shock and awe” campaigns. "
            "But so far it has left North Korea untouched even as it arms for the future."
        ],
    ),
    "centcom": dict(
        alt="Why new CENTCOM chief Brad Cooper is as wrong as the old one",
        label="Top photo credit",
        credit="U.S. Navy Vice Admiral Brad Cooper speaks at the IISS Manama Dialogue in Manama, Bahrain, "
        "November 17, 2023. REUTERS/Hamad I Mohammed",
        headline="Why new CENTCOM chief Brad Cooper is as wrong as the old one",
        section="Middle East",
        paras=[
            "If accounts of the decision to strike Iranian nuclear facilities are to be believed, the "
            "president’s initial impulse to stay out of the conflict failed to survive hawkish advisers.",
            "With Kurilla set to leave office this summer, advocates of restraint may feel like they "
            "are out of the woods.",
        ],
    ),
    "ukraine": dict(
        alt="Shutterstock_2131567823",
        label="Top image credit",
        credit="Drop of Light via shutterstock.com",
        headline="Diplomacy Watch: Why the ceasefire talks stalled again",
        section="Europe",
        paras=[
            "Negotiators left Istanbul on Thursday without a date for the next round, and both sides "
            "blamed the other for the impasse."
        ],
    ),
    "taiwan": dict(
        alt="",
        label="Top photo credit",
        credit="Reuters/Ann Wang",
        headline="The Taiwan arms backlog is a Pentagon problem, not a Taipei one",
        section="Asia-Pacific",
        paras=[
            "Deliveries of Harpoon coastal defense systems are now years behind schedule.",
            "Lawmakers in both parties have begun to ask why.",
        ],
    ),
    "qiosk": dict(
        alt="GettyImages-1458237690",
        label="Top image credit",
        credit="Anna Moneymaker/Getty Images",
        headline="House hawks rush a new AUMF to the floor",
        section="QiOSK",
        paras=["The bill would give the president open-ended authority in the Red Sea."],
    ),
}

LATEST = [
    "Trump’s Venezuela gambit runs out of road",
    "The Pentagon can’t pass an audit. Again.",
    "Why Europe is quietly rearming without Washington",
]
QIOSK = ["Senate votes down Yemen war powers resolution", "State Department quietly reverses Gaza aid pause"]


def case(name, **kw):
    kw["name"] = name
    return kw


# Body blocks: a str is a paragraph; a list is a list block (one item per line in the dump).
CASES = [
    case(
        "mic-soap-dispensers",
        header=True,
        alt="Shutterstock_732504547-scaled-e1648755059685",
        twice=True,
        headline="$4000 soap dispensers on Air Force planes?",
        dek="A new watchdog report finds the service paid thousands of percent over market price for spare parts.",
        type="Reporting",
        section="Military Industrial Complex",
        body=[
            "The Air Force paid nearly $4,000 apiece for soap dispensers that cost a few hundred dollars at a "
            "hardware store, according to a report released Tuesday by the Pentagon’s inspector general.",
            "It is not the first time.",
            "The report found that the prime contractor, Boeing, had marked up the parts by as much as 8,000 "
            "percent, and that contracting officers accepted the price without asking for cost data.",
            "Latest figures from the inspector general suggest the problem is getting worse, not better.",
            "“This is a pattern, not an anomaly,” said one former acquisition official.",
        ],
        credit="Photos: Aleksandr Grechanyuk via shutterstock.com",
        type_repeat=True,
        teasers=["lockheed", "kim", "centcom"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "qiosk-reporting-cta",
        header=True,
        cta=["top", "type", "type"],
        alt="US Congress",
        headline="House passes defense bill with record topline",
        dek="The vote came after leadership stripped out a measure limiting arms to Israel.",
        type="Reporting",
        section="QiOSK",
        body=[
            "The House on Thursday passed the National Defense Authorization Act by a vote of 281 to 140.",
            "The bill authorizes $895 billion in national defense spending, the largest topline in history.",
        ],
        credit="Photo: Rob Crandall via shutterstock.com",
        type_repeat=True,
        teasers=["qiosk"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "gaza-getty-headline-once",
        header=True,
        alt="GettyImages-1234567890",
        headline="The ceasefire in Gaza is a ceasefire in name only",
        dek="Israeli strikes have killed hundreds since the truce began, and Washington has said little.",
        type="Analysis",
        section="Middle East",
        body=[
            "Since the ceasefire took effect in January, Israeli strikes have killed more than 400 Palestinians, "
            "according to the Gaza health ministry.",
            "The numbers",
            "Aid deliveries have fallen to a fraction of the level promised under the agreement, and the "
            "crossings at Rafah and Kerem Shalom remain closed for days at a time.",
            "Newsletter readers of the Israeli daily Haaretz were told last week that the army is preparing for "
            "a resumption of full-scale operations.",
            "Washington has said little.",
        ],
        credit="Top photo credit: Palestinians inspect the rubble of a house in Khan Younis, southern Gaza Strip, "
        "March 2, 2025. REUTERS/Hatem Khaled",
        type_repeat=False,
        teasers=["centcom", "ukraine"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "no-chrome-plain",
        nochrome=True,
        headline="Why we can’t rely on NATO to make Europe whole again",
        type=None,
        section=None,
        body=[
            "The war in Ukraine has given the alliance a renewed sense of purpose, but purpose is not the same "
            "as strategy, and expansion is not the same as security.",
            "Europe’s security order was built on the idea that no state could choose its alliances at the "
            "expense of another’s security. That idea is now dead, and NATO killed it as much as Russia did.",
            "What would a settlement look like? It would begin with the recognition that neutrality is not a "
            "dirty word.",
        ],
    ),
    case(
        "no-chrome-short-first",
        nochrome=True,
        headline="The Pentagon failed its audit again",
        type=None,
        section=None,
        body=[
            "It was the seventh in a row.",
            "The Defense Department announced on Friday that it could account for only 39 percent of its "
            "$3.8 trillion in assets, a marginal improvement over last year.",
            "Congress has given the department until 2028 to pass a clean audit.",
        ],
    ),
    case(
        "netanyahu-caption-alt",
        header=True,
        cta=["top", "hero", "credit"],
        alt="Benjamin Netanyahu",
        headline="Netanyahu’s Lebanon gamble could drag the US into another war",
        dek="Washington has the leverage to stop escalation. It is choosing not to use it.",
        type="Opinion",
        section="Middle East",
        body=[
            "Israel’s expanded ground operation in southern Lebanon is the most dangerous escalation since the "
            "war in Gaza began.",
            "The Biden administration says it opposes a wider war. Its actions say otherwise:",
            [
                "Two additional carrier strike groups in the eastern Mediterranean",
                "An emergency sale of 2,000-pound bombs",
                "No conditions on the use of American weapons",
            ],
            "Those who keep reading the administration’s statements for signs of pressure will be disappointed.",
            "Subscribe to the logic of deterrence and you end up where Washington is now: underwriting a war it "
            "says it does not want.",
        ],
        credit="Photos: Amir Levy/Getty Images",
        type_repeat=True,
        teasers=["kim", "lockheed"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "wordpress-caption-nurphoto",
        header=True,
        alt="GettyImages-1239017402",
        caption="Demonstrators hold placards during a protest against the war in Ukraine outside the Russian embassy "
        "in Madrid, Spain, on March 5, 2022. (Photo by Celestino Arce/NurPhoto)",
        headline="The sanctions war on Russia is failing. Here’s why.",
        dek="The West’s economic offensive was supposed to bring Moscow to its knees within months.",
        type="Analysis",
        section="Europe",
        body=[
            "When the United States and its allies imposed sweeping sanctions on Russia in February 2022, "
            "officials predicted the ruble would collapse and the economy would shrink by a tenth.",
            "Neither happened.",
            "Russia’s energy exports found new buyers in India and China, and the price cap turned out to be "
            "porous. The central bank stabilized the currency within weeks.",
            "None of this means sanctions are useless. It means they are not a strategy.",
        ],
        credit="Photo: Celestino Arce/NurPhoto via Getty Images",
        type_repeat=True,
        teasers=["ukraine"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "wordpress-caption-no-alt-twice",
        header=True,
        alt=None,
        caption="U.S. President Joe Biden speaks about the U.S. military withdrawal from Afghanistan in the East "
        "Room of the White House in Washington, D.C., on August 16, 2021. (Photo by Brendan Smialowski/AFP "
        "via Getty Images)",
        headline="Afghanistan a year later: the war’s defenders still won’t learn",
        twice=True,
        dek="Those who sold the war for twenty years are now selling a story about how it was lost.",
        type="Opinion",
        section="Washington Politics",
        body=[
            "A year after the last American soldier left Kabul, the people who ran the war are busy writing "
            "its history.",
            "Their version has a villain, and it is not them.",
            "The Afghanistan Papers showed that officials knew for years that the war was unwinnable and said "
            "otherwise in public. That record has not changed.",
        ],
        credit="Photos: Brendan Smialowski/AFP via Getty Images",
        type_repeat=True,
        teasers=[],
        widgets=True,
        subscribe=True,
    ),
    case(
        "alt-is-headline",
        header=True,
        alt="@headline",
        twice=True,
        headline="Biden’s Saudi visit trades human rights for oil that won’t come",
        dek="The president will get photos with the crown prince. He will not get lower gas prices.",
        type="Analysis",
        section="Middle East",
        body=[
            "President Biden lands in Jeddah on Friday for a visit he once promised would never happen.",
            "OPEC+ has already signaled it has little spare capacity to offer.",
            "In the end, the trip may be remembered less for what it delivered than for what it conceded.",
        ],
        credit="Photo: Mandel Ngan/AFP via Getty Images",
        type_repeat=True,
        teasers=["centcom"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "ap-alt-news-north-america",
        header=True,
        cta=["type", "after_credit", "widgets"],
        alt="AP22123456789012",
        headline="Canada’s defense budget jump draws Trump’s praise and Ottawa’s doubts",
        dek="Prime Minister Carney pledged to hit NATO’s 2 percent target this year.",
        type="News",
        section="North America",
        body=[
            "Canada will meet NATO’s 2 percent spending target this fiscal year, Prime Minister Mark Carney "
            "announced Monday, years ahead of the previous government’s timeline.",
            "The announcement was welcomed in Washington, where President Trump has repeatedly called Canada a "
            "free rider.",
            "In Ottawa, critics asked where the money would come from.",
        ],
        credit="Photos: AP Photo/Adrian Wyld",
        type_repeat=False,
        teasers=["taiwan", "qiosk"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "img-jpg-latin-america-no-credit",
        header=True,
        alt="IMG_2041.JPG",
        headline="Colombia’s ‘total peace’ is unraveling",
        dek="Petro’s bet on talks with armed groups has produced ceasefires, splinters and more violence.",
        type="Reporting",
        section="Latin America",
        body=[
            "When Gustavo Petro took office in 2022, he promised to negotiate with every armed group in Colombia.",
            "Three years on, the talks with the ELN have collapsed and dissident FARC factions have split.",
            "Photos released by the army last month showed new camps along the Venezuelan border.",
            "Latest developments",
            "The government has suspended talks with the Estado Mayor Central until further notice.",
        ],
        credit=None,
        type_repeat=True,
        teasers=["lockheed", "ukraine"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "screenshot-alt-video-section",
        header=True,
        alt="Screen-shot-2023-10-12-at-3.41.07-PM",
        headline="Video: Is the US already at war with the Houthis?",
        dek="Our experts discuss the Red Sea strikes and what Congress has not authorized.",
        type="Analysis",
        section="Video Section",
        body=[
            "In this week’s video, RS editors discuss the administration’s strikes on Houthi targets in Yemen.",
            "The strikes were carried out without congressional authorization.",
        ],
        credit="Top image credit: Screenshot via YouTube",
        type_repeat=True,
        teasers=["centcom"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "no-dek-asia",
        header=True,
        alt="Shutterstock_2269412345",
        headline="The US is losing the Pacific Islands to nobody in particular",
        dek=None,
        type="Analysis",
        section="Asia-Pacific",
        body=[
            "Washington’s Pacific Islands strategy was supposed to counter China.",
            "Instead, it has stalled on the basics: embassies unopened, aid unspent, and promises unkept.",
            "Solomon Islands, Kiribati and Vanuatu have each made the point in their own way.",
        ],
        credit="Photos: Ryan Fletcher via shutterstock.com",
        type_repeat=True,
        teasers=["taiwan"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "no-dek-short-alt",
        header=True,
        alt="Xi Jinping",
        headline="Beijing isn’t preparing for war. It’s preparing for a siege",
        dek=None,
        type="Opinion",
        section="Asia-Pacific",
        body=[
            "China’s stockpiling of grain, oil and metals has been read in Washington as a sign of war plans.",
            "A better reading is that Beijing expects to be cut off, and is acting accordingly.",
        ],
        credit="Photo: Andy Wong/Pool via REUTERS",
        type_repeat=True,
        teasers=["kim"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "crlf-trailing-ws",
        header=True,
        cta=["top", "type", "type"],
        crlf=True,
        trailing=True,
        alt="Shutterstock_1679493652",
        headline="The F-35 is still not ready for combat",
        dek="Two decades and $1.7 trillion later, the jet’s mission systems still fail basic tests.",
        type="Reporting",
        section="Military Industrial Complex",
        body=[
            "The Pentagon’s top weapons tester said in his annual report that the F-35 is not yet suitable for "
            "combat, more than two decades after the program began.",
            "Mission-capable rates remain below 55 percent across the fleet.",
            "Subscribe now, say the program’s boosters, and the problems will be fixed in the next block "
            "upgrade. They have been saying that since 2015.",
        ],
        credit="Photos: Scott Hamilton via shutterstock.com",
        type_repeat=True,
        teasers=["lockheed", "qiosk"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "nbsp-blank-lines",
        header=True,
        nbsp=True,
        alt="Shutterstock_2240181901",
        headline="Europe’s defense boom is a gift to American arms makers",
        dek="The EU wants strategic autonomy. Its procurement data tells a different story.",
        type="Analysis",
        section="Europe",
        body=[
            "Nearly two thirds of the weapons European states bought in the last five years came from the "
            "United States, according to SIPRI.",
            "The European Commission’s plan to “ReArm Europe” with\u00a0€800 billion does little to change that.",
            "Buying European is slower, and the war in Ukraine has made speed the priority.",
        ],
        credit="Photos: Alexandros Michailidis via shutterstock.com",
        type_repeat=True,
        teasers=["ukraine", "kim"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "many-blank-lines",
        header=True,
        blanks=3,
        alt="Shutterstock_1965824311",
        headline="Iran talks: what a deal would need to survive",
        twice=True,
        dek="Any agreement will have to outlast the next election in Washington.",
        type="Analysis",
        section="Middle East",
        body=[
            "The indirect talks between the United States and Iran in Muscat have produced more than most "
            "observers expected.",
            "What comes next",
            "An interim deal would cap enrichment at 3.67 percent in exchange for limited sanctions relief.",
            "“We are not there yet,” an Omani official said.",
        ],
        credit="Photos: Tomas Ragina via shutterstock.com",
        type_repeat=True,
        teasers=["centcom", "kim", "lockheed", "taiwan"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "four-teasers-quote",
        header=True,
        alt="US Navy",
        headline="The Navy’s shipbuilding plan is a fantasy",
        dek="The service wants 381 ships. It cannot build the ones it already ordered.",
        type="Analysis",
        section="Military Industrial Complex",
        body=[
            "The Navy’s latest long-range shipbuilding plan calls for a fleet of 381 manned ships by 2054.",
            "The Congressional Budget Office estimates the plan would cost $40 billion a year.",
            "As the Government Accountability Office put it:",
            "“The Navy has consistently overestimated the capacity of the industrial base and underestimated "
            "the cost of its ships.”",
            "Every major program is behind schedule.",
        ],
        credit="Photos: U.S. Navy photo by Mass Communication Specialist 2nd Class Jordan Jennings",
        type_repeat=True,
        teasers=["lockheed", "kim", "centcom", "qiosk"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "no-teasers-no-widgets",
        header=True,
        alt="Shutterstock_1130563244",
        headline="Congress should repeal the 2002 Iraq war authorization. Now.",
        dek="The Senate has the votes. Leadership has the excuses.",
        type="Opinion",
        section="Washington Politics",
        body=[
            "The 2002 authorization for the use of military force against Iraq has outlived its purpose by "
            "nearly two decades.",
            "Repealing it would cost nothing and would reclaim a power the Constitution gives to Congress.",
        ],
        credit="Photo: Mark Van Scyoc via shutterstock.com",
        type_repeat=False,
        teasers=[],
        widgets=False,
        subscribe=False,
    ),
    case(
        "no-credit-no-teasers-widgets",
        header=True,
        alt="Shutterstock_2018845520",
        headline="The war powers vote nobody wanted to take",
        dek="Senators spent more time avoiding the question than answering it.",
        type="Reporting",
        section="Washington Politics",
        body=[
            "The Senate voted 62 to 36 on Wednesday to table a war powers resolution on Yemen.",
            "Fewer than ten senators spoke in the debate.",
            "Newsletter writers on Capitol Hill barely noticed. The Senate Democrats’ weekly update made no "
            "mention of the vote.",
        ],
        credit=None,
        type_repeat=False,
        teasers=[],
        widgets=True,
        subscribe=True,
    ),
    case(
        "keep-reading-split-toggles",
        header=True,
        alt="Shutterstock_1427350934",
        split_toggle=True,
        headline="Sudan’s war is a proxy war. Washington should say so",
        dek="The UAE is arming the RSF, and the US is pretending not to notice.",
        type="Analysis",
        section="Middle East",
        body=[
            "The war in Sudan has killed tens of thousands and displaced more than 12 million people.",
            "Officials keep reading the conflict as a civil war between two generals. It is more than that.",
            "The United Arab Emirates has supplied weapons to the Rapid Support Forces through Chad, according "
            "to UN investigators.",
        ],
        credit="Photos: Hamdi Issa via shutterstock.com",
        type_repeat=True,
        teasers=["centcom", "ukraine"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "news-europe-headline-question",
        header=True,
        cta=["top", "teasers", "widgets"],
        alt="Emmanuel Macron",
        twice=True,
        headline="Will France send troops to Ukraine?",
        dek="Macron floated the idea again on Sunday, and allies again said no.",
        type="News",
        section="Europe",
        body=[
            "French President Emmanuel Macron said on Sunday that sending Western troops to Ukraine could not "
            "be ruled out.",
            "Germany, Poland and the United States quickly said they had no such plans.",
        ],
        credit="Photo: Frederic Legrand - COMEO via shutterstock.com",
        type_repeat=True,
        teasers=["ukraine"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "qiosk-news-short",
        header=True,
        alt="Shutterstock_1487393891",
        headline="Senate votes down Yemen war powers resolution",
        dek="The measure failed 38 to 57.",
        type="News",
        section="QiOSK",
        body=[
            "The Senate on Tuesday rejected a resolution that would have ended US support for the Saudi-led "
            "coalition in Yemen.",
            "Eleven Democrats joined Republicans to vote against it.",
        ],
        credit="Photos: Ahmed Al-Basha via shutterstock.com",
        type_repeat=True,
        teasers=[],
        widgets=True,
        subscribe=True,
    ),
    case(
        "qiosk-analysis-top-image-credit",
        header=True,
        alt="Shutterstock_2290184411",
        headline="A $1 trillion Pentagon budget, and nobody blinks",
        dek="The number would have been unthinkable a decade ago.",
        type="Analysis",
        section="QiOSK",
        body=[
            "The White House’s budget request for fiscal 2026 would push national defense spending past $1 "
            "trillion for the first time.",
            "Congress is expected to add more.",
        ],
        credit="Top image credit: Joseph Sohm via shutterstock.com",
        type_repeat=True,
        teasers=["lockheed", "kim"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "heading-paragraphs-opinion",
        header=True,
        alt="Shutterstock_1893747895",
        headline="Five myths about Chinese military power",
        dek="Washington’s threat inflation is driving bad policy.",
        type="Opinion",
        section="Asia-Pacific",
        body=[
            "Much of the debate about China’s military rests on a handful of claims that do not survive contact "
            "with the evidence.",
            "Myth 1: China has the world’s largest navy",
            "By hull count, yes. By tonnage and capability, the US Navy remains far ahead.",
            "Myth 2: China is about to invade Taiwan",
            "There is no evidence that Beijing has set a date, and the logistics of an amphibious assault remain "
            "daunting.",
            "The real lesson",
            "Threat inflation has costs.",
        ],
        credit="Photos: Ryan Fletcher via shutterstock.com",
        type_repeat=True,
        teasers=["taiwan"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "list-body-latin-america",
        header=True,
        cta=["hero", "type", "after_credit"],
        alt="Nicolás Maduro",
        headline="What the US gets wrong about Venezuela’s oil",
        dek="Sanctions relief is not a gift to Maduro. It is leverage.",
        type="Analysis",
        section="Latin America",
        body=[
            "The Treasury Department’s decision to let Chevron resume operations in Venezuela was attacked as a "
            "concession.",
            "In fact, it came with conditions:",
            [
                "No payments to the Venezuelan government",
                "Oil shipped only to the United States",
                "A six-month license, renewable on progress",
            ],
            "Those conditions are working.",
        ],
        credit="Photos: Alexandros Michailidis via shutterstock.com",
        type_repeat=True,
        teasers=["lockheed"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "wordpress-caption-no-chrome-header",
        header=False,
        alt="GettyImages-1229470519",
        caption="Members of the National Guard stand guard outside the U.S. Capitol in Washington, D.C., on "
        "January 13, 2021. (Photo by Stefani Reynolds/Getty Images)",
        headline="The National Guard is not a domestic police force",
        dek="Deploying troops to American cities blurs a line the founders drew on purpose.",
        type="Opinion",
        section="Washington Politics",
        body=[
            "The Posse Comitatus Act of 1878 bars the use of federal troops for domestic law enforcement.",
            "The law has exceptions, and presidents have used them. But the exceptions were never meant to "
            "become the rule.",
        ],
        credit="Photo: Stefani Reynolds/Getty Images",
        type_repeat=True,
        teasers=[],
        widgets=True,
        subscribe=True,
    ),
    case(
        "teaser-no-alt-no-type-repeat",
        header=True,
        alt="Shutterstock_2188430123",
        headline="The Philippines is the new front line. Is Manila ready?",
        dek="A string of confrontations at Second Thomas Shoal has raised the risk of a US-China clash.",
        type="Reporting",
        section="Asia-Pacific",
        body=[
            "Chinese coast guard vessels fired water cannon at a Philippine resupply mission on Saturday.",
            "The mutual defense treaty obliges the United States to respond to an armed attack on Philippine "
            "public vessels, “including those of its Coast Guard — anywhere in the South China Sea.”",
        ],
        credit="Photos: Ezra Acayan via shutterstock.com",
        type_repeat=False,
        teasers=["taiwan", "kim"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "subscribe-only-tail",
        header=True,
        cta=["top", "type", "type"],
        alt="Antony Blinken",
        headline="Blinken’s last trip was a victory lap nobody watched",
        dek="The secretary of state spent his final weeks defending a record that the region has already judged.",
        type="Opinion",
        section="Washington Politics",
        body=[
            "Antony Blinken’s final trip abroad took him to Seoul, Tokyo and Paris.",
            "Latest in a long line of farewell tours, it produced no agreements and few headlines.",
        ],
        credit="Photo: Ron Adar via shutterstock.com",
        type_repeat=True,
        teasers=[],
        widgets=False,
        subscribe=True,
    ),
    case(
        "no-header-cta-spread",
        header=False,
        cta=["top", "after_credit", "widgets"],
        alt="Shutterstock_1938412076",
        headline="Why Ukraine’s F-16s won’t change the war",
        dek="The jets are arriving too late, in too few numbers, without the support they need.",
        type="Analysis",
        section="Europe",
        body=[
            "The first F-16s flown by Ukrainian pilots arrived this summer.",
            "Their impact is likely to be modest.",
            "Russian air defenses remain dense, and the jets will be operated from bases within range of Russian "
            "missiles.",
        ],
        credit="Photos: Mike Mareen via shutterstock.com",
        type_repeat=True,
        teasers=["ukraine", "lockheed", "kim"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "reporting-north-america-keep-reading",
        header=True,
        alt="Shutterstock_1771129346",
        headline="Mexico cartel strikes would be a war by another name",
        dek="Republicans want to use the military against the cartels. Mexico has not been asked.",
        type="Reporting",
        section="North America",
        body=[
            "A growing number of Republican lawmakers support using US military force against drug cartels in Mexico.",
            "Mexican officials keep reading the proposals as an assault on their sovereignty, and say so.",
            "Show less deference to Mexico City, the bill’s sponsors argue, and the cartels will feel it.",
        ],
        credit="Photos: Octavio Hoyos via shutterstock.com",
        type_repeat=True,
        teasers=["kim"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "dek-no-period-short-alt",
        header=True,
        alt="US Congress",
        headline="Lawmakers want answers on the Caribbean boat strikes",
        dek="Members of both parties say the Pentagon has not explained the legal basis — and isn’t trying to",
        type="Reporting",
        section="Washington Politics",
        body=[
            "Senators from both parties pressed Pentagon officials on Tuesday for the legal justification of "
            "lethal strikes on boats in the Caribbean.",
            "The officials declined to provide it in an open session.",
        ],
        credit="Photos: Rob Crandall via shutterstock.com",
        type_repeat=True,
        teasers=["qiosk", "kim"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "single-paragraph-qiosk-no-credit",
        header=True,
        alt="Shutterstock_2338813071",
        headline="State Department quietly reverses Gaza aid pause",
        dek="The reversal came without a public announcement.",
        type="News",
        section="QiOSK",
        body=[
            "The State Department has lifted its pause on funding for two aid groups in Gaza, according to a "
            "notice sent to Congress on Friday and seen by RS."
        ],
        credit=None,
        type_repeat=True,
        teasers=["centcom", "qiosk"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "short-last-para-no-credit",
        header=True,
        alt="Shutterstock_1550493791",
        headline="Is the Quad finally dead?",
        dek="India and Australia are hedging. Washington is distracted.",
        type="Analysis",
        section="Asia-Pacific",
        body=[
            "The Quad leaders’ summit planned for this fall in New Delhi has been postponed indefinitely.",
            "Officials in all four capitals insist the grouping remains vital.",
            "We’ll see.",
        ],
        credit=None,
        type_repeat=False,
        teasers=["taiwan", "lockheed"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "pull-quote-repeat",
        header=True,
        alt="Shutterstock_1812304467",
        headline="Hypersonic hype is costing taxpayers billions",
        dek="The Pentagon is racing to build weapons whose military value remains unproven.",
        type="Analysis",
        section="Military Industrial Complex",
        body=[
            "The Army’s Long-Range Hypersonic Weapon was supposed to be fielded in 2023.",
            "It still has not completed a full end-to-end flight test. Each missile is estimated to cost $41 "
            "million, several times the price of a conventional cruise missile.",
            (
                "pullquote",
                "Each missile is estimated to cost $41 million, several times the price of a "
                "conventional cruise missile.",
            ),
            "Critics say the money would be better spent on munitions the military already knows how to make.",
        ],
        credit="Photos: Grindstone Media Group via shutterstock.com",
        type_repeat=True,
        teasers=["lockheed"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "cta-between-headlines-indented-quote",
        header=True,
        cta=["between", "type", "type"],
        alt="Shutterstock_2001937465",
        twice=True,
        headline="Trump’s Greenland fixation is not a joke to Denmark",
        dek="Copenhagen is spending billions on Arctic defense to keep Washington at bay.",
        type="Reporting",
        section="Europe",
        body=[
            "Denmark announced a new $2 billion Arctic defense package on Monday, days after President Trump "
            "again refused to rule out using force to acquire Greenland.",
            "Prime Minister Mette Frederiksen was blunt:",
            "    “Greenland is not for sale, and it will not be for sale.”   ",
            "Greenlanders themselves have been even more direct.",
        ],
        credit="Photo: Ritzau Scanpix/Mads Claus Rasmussen via REUTERS",
        type_repeat=True,
        teasers=["ukraine"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "infinite-scroll-next-article",
        header=True,
        alt="Shutterstock_1717178371",
        headline="NATO’s 5 percent target is a number in search of a strategy",
        dek="Allies agreed to spend more. They did not agree on what for.",
        type="Opinion",
        section="Europe",
        body=[
            "At the Hague summit, NATO allies agreed to raise defense spending to 5 percent of GDP by 2035.",
            "The figure was chosen to please one man in Washington.",
            "It was not chosen to meet any identified military requirement.",
        ],
        credit="Photos: Alexandros Michailidis via shutterstock.com",
        type_repeat=True,
        next_article=dict(
            alt="Shutterstock_2479012233",
            headline="Poland’s border wall is going up fast",
            dek="Warsaw says the barrier will stop migrants and saboteurs.",
            type="News",
            section="Europe",
            body=[
                "Poland has completed 60 kilometers of a new fortified barrier on its border with Belarus.",
                "The government says the rest will be finished next year.",
            ],
            credit="Photos: Wojciech Grabowski via shutterstock.com",
        ),
        teasers=["kim"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "long-name-alt-no-dek",
        header=True,
        alt="Israeli Prime Minister Benjamin Netanyahu",
        headline="Netanyahu’s war has no end in sight",
        dek=None,
        type="Analysis",
        section="Middle East",
        body=[
            "Nearly two years after October 7, Israel’s prime minister has yet to describe what victory in Gaza "
            "would look like.",
            "That is not an oversight. It is the strategy.",
        ],
        credit="Photos: Amir Levy/Getty Images",
        type_repeat=True,
        teasers=["centcom"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "short-alt-headline-with-period-no-dek",
        header=True,
        cta=["top", "type", "type"],
        alt="Pentagon",
        headline="The Pentagon can’t pass an audit. Again.",
        dek=None,
        type="News",
        section="Military Industrial Complex",
        body=[
            "The Department of Defense failed its seventh consecutive audit on Friday.",
            "Officials said they expect to pass by 2028.",
        ],
        credit="Photo: Mark Van Scyoc via shutterstock.com",
        type_repeat=True,
        teasers=["lockheed"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "slash-and-via-headings",
        header=True,
        alt="Shutterstock_1602340123",
        headline="AUKUS was never about submarines",
        dek="The deal binds Australia to US war plans for a generation.",
        type="Analysis",
        section="Asia-Pacific",
        body=[
            "The AUKUS agreement is usually described as a submarine deal.",
            "The US/UK nuclear bargain",
            "Under the first pillar, Australia will buy up to five Virginia-class submarines from the United "
            "States before building its own boats with British help.",
            "Peace via diplomacy, not arms",
            "Critics in Canberra argue the money would buy more security if spent on regional diplomacy.",
        ],
        credit="Photos: Ryan Fletcher via shutterstock.com",
        type_repeat=True,
        teasers=["taiwan", "kim"],
        widgets=True,
        subscribe=True,
    ),
    case(
        "no-blank-lines-at-all",
        header=True,
        blanks=0,
        alt="Shutterstock_1386503222",
        headline="Biden’s arms sales to the Gulf are back on",
        dek="The administration has quietly lifted its freeze on offensive weapons to Saudi Arabia.",
        type="Reporting",
        section="Middle East",
        body=[
            "The State Department notified Congress on Friday that it would resume sales of air-to-ground "
            "munitions to Saudi Arabia, ending a freeze imposed in 2021.",
            "The decision was not announced publicly, and officials declined to say what had changed.",
            "Human rights groups called the move a betrayal of the president’s campaign promise to make the "
            "kingdom a pariah.",
        ],
        credit="Photos: Ahmed Al-Basha via shutterstock.com",
        type_repeat=True,
        teasers=["centcom", "kim"],
        widgets=True,
        subscribe=True,
    ),
]


def teaser_lines(key: str, split_toggle: bool, blanks: int = 1) -> list[str]:
    t = TEASERS[key]
    out = [t["alt"]] if t["alt"] else []
    out += [f"{t['label']}: {t['credit']}", "", t["headline"], "", t["section"], ""]
    for p in t["paras"]:
        out += [p, ""]
    out += ["keep reading", "Show less"] if split_toggle else ["keep readingShow less"]
    return out if blanks else [x for x in out if x]


def render(c: dict) -> str:
    cta = list(c.get("cta", []))
    n_blank = c.get("blanks", 1)
    B = [""] * n_blank
    L: list[str] = []

    def ctas(pos):
        for _ in range(cta.count(pos)):
            L.append("google cta")

    def block(lines):
        L.extend(lines)
        L.extend(B)

    head = c["headline"]
    body_lines = []
    for b in c["body"]:
        body_lines.append(b if isinstance(b, list) else [b[1]] if isinstance(b, tuple) else [b])
    if c.get("nochrome"):
        block([head])
        for b in body_lines:
            block(b)
        return "\n".join(L).rstrip("\n") + "\n"
    if c.get("header"):
        block(["Follow us on social"])
    ctas("top")
    alt = head if c.get("alt") == "@headline" else c.get("alt")
    if alt:
        block([alt])
    ctas("hero")
    if c.get("caption"):
        block([c["caption"]])
    block([head])
    ctas("between")
    if c.get("twice"):
        block([head])
    if c.get("dek"):
        block([c["dek"]])
    type_line = f"{c['type']} | {c['section']}"
    block([type_line])
    ctas("type")
    for b in body_lines:
        block(b)
    L.extend(B)  # the seed: two blank lines before the credit
    ctas("credit")
    if c.get("credit"):
        L.append(c["credit"])
    if c.get("type_repeat"):
        L.append(type_line)
    ctas("after_credit")
    nxt = c.get("next_article")
    if nxt:
        L.extend(B)
        block([nxt["alt"]])
        block([nxt["headline"]])
        block([nxt["dek"]])
        block([f"{nxt['type']} | {nxt['section']}"])
        for p in nxt["body"]:
            block([p])
        L.extend(B)
        L.append(nxt["credit"])
        L.append(f"{nxt['type']} | {nxt['section']}")
    for k in c.get("teasers", []):
        L.extend(teaser_lines(k, c.get("split_toggle", False), n_blank))
    ctas("teasers")
    if c.get("widgets"):
        L.extend(B)
        block(["LATEST"])
        for x in LATEST:
            block([x])
        ctas("widgets")
        block(["QIOSK"])
        for x in QIOSK:
            block([x])
        block(["Newsletter"])
    if c.get("subscribe"):
        if not c.get("widgets"):
            L.extend(B)
        L.append(SUBSCRIBE)
    text = "\n".join(L)
    if c.get("trailing"):
        text = "\n".join(ln + ("  " if i % 2 else " \t") for i, ln in enumerate(text.split("\n")))
    if c.get("nbsp"):
        text = "\n".join(
            ("\u00a0" if not ln else ln + "\u00a0") if i % 3 == 0 else ln for i, ln in enumerate(text.split("\n"))
        )
    if c.get("crlf"):
        text = text.replace("\n", "\r\n")
    return text


def collapse(s: str) -> str:
    return " ".join(s.split())


def expected(c: dict) -> dict:
    credit = c.get("credit")
    if credit:
        credit = collapse(credit.split(":", 1)[1])
    blocks = [
        "\n".join(collapse(x) for x in b) if isinstance(b, list) else collapse(b)
        for b in c["body"]
        if not isinstance(b, tuple)
    ]  # a pull quote repeats a body sentence: noise
    return {
        "title": c["headline"],
        "subtitle": c.get("dek"),
        "article_type": c.get("type"),
        "section": c.get("section"),
        "image_credit": credit,
        "text": "\n\n".join(blocks),
    }


def build(out: Path = DEST) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for c in CASES:
        (out / f"{c['name']}.txt").write_bytes(render(c).encode("utf-8"))
        (out / f"{c['name']}.json").write_text(
            json.dumps(expected(c), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(len(CASES), "dumps")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEST)

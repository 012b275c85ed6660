"""The answer-type and anchor checks behind abstention, on made-up questions and sentences."""

import pytest

from jrqa.answer.fitting import is_link_title
from jrqa.answer.question import analyse_question, is_compound, person_names, quantities


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many troops are stationed there?", "quantity"),
        ("What is the population of Nemuro?", "quantity"),
        # The measure may follow a possessive and a modifier.
        ("What was the yen's average exchange rate in 1998?", "quantity"),
        ("What is the main reason for the delay?", "any"),
        ("What was the turnout in the regional vote?", "quantity"),
        # A possessive may stand for "the".
        ("What was his approval rating when he resigned?", "quantity"),
        ("What was the port's annual revenue?", "quantity"),
        ("During which years was she the mayor?", "date"),
        ("Which days did the ferry run?", "day"),
        ("When did the talks resume?", "date"),
        ("In what year was the pact signed?", "date"),
        ("Who signed the declaration?", "person"),
        ("Why did the talks stall?", "any"),
        # Where an event happened; a "where" asking for a position is not a place.
        ("Where was the ferry pact signed?", "place"),
        ("Where did the fisheries talks take place?", "place"),
        ("Where did the two ports hold their fair?", "place"),  # the verb in any tense
        ("Where will the mayors sign the ferry pact?", "place"),
        ("Which city hosted the forum?", "place"),
        ("In which capital was the ferry pact signed?", "place"),  # a capital is a city
        ("What town hosted the forum?", "place"),
        ("Where was the mayor when the ferry sank?", "place"),  # where someone was
        ("Where were the fisheries talks in May?", "place"),  # where an event was
        ("Where does Tokyo stand on the ferry?", "any"),
        # A kind of thing that goes by names: its instances are what is asked.
        ("Which Korean banks financed the ferry?", "named"),
        ("In which two islands do the ferries stop?", "named"),
        ("What party won the regional vote?", "named"),
        ("Which fishing organizations did the ministry name?", "named"),
        ("Which naval bases does Moscow worry about?", "named"),
        ("What did former Fisheries Minister Ivan Petrov say?", "any"),  # a title, no kind
        ("Which agreement did the two ports sign?", "any"),  # often described, not named
    ],
)
def test_answer_type_follows_the_question_word(question: str, expected: str) -> None:
    assert analyse_question(question).answer_type == expected


def test_a_conversations_opening_word_does_not_hide_what_is_asked() -> None:
    assert analyse_question("And when was the summit held?").answer_type == "date"
    assert analyse_question("So how many ships took part?").answer_type == "quantity"
    assert analyse_question("And what did Petrov say about it?").speaker == "Petrov"
    # The names are the question's own, wherever they stand.
    assert analyse_question("And Petrov, what did he say?").anchors == ("Petrov",)


def test_a_quantity_answer_needs_a_number_the_question_did_not_give() -> None:
    needs = analyse_question("How many people live on the four islands?")
    assert not needs.has_answer_type("The four islands lie off Hokkaido.")
    assert needs.has_answer_type("About 17,000 people live on the four islands.")


def test_years_are_dates_not_amounts() -> None:
    needs = analyse_question("How many ships took part?")
    assert not needs.has_answer_type("The exercise has been held every year since 2016.")
    assert needs.has_answer_type("Twelve ships took part in the exercise.")


def test_one_as_a_determiner_is_not_an_amount() -> None:
    needs = analyse_question("How much was the fishing catch worth?")
    assert not needs.has_answer_type("Fishing is one area in which Japan and Russia cooperate.")
    assert needs.has_answer_type("The catch was worth 1 billion yen.")


def test_a_date_answer_needs_a_year_or_month() -> None:
    needs = analyse_question("When did the ferry service start?")
    assert needs.has_answer_type("The ferry started running in May.")
    assert not needs.has_answer_type("The ferry links Wakkanai and Korsakov.")


def test_a_who_answer_needs_a_person_shaped_name_not_in_the_question() -> None:
    needs = analyse_question("Who is Japan's ambassador to Russia?")
    assert not needs.has_answer_type("Alongside Japan and China, Russia is a major power.")
    assert needs.has_answer_type("The embassy is led by Ambassador Taro Yamada.")
    assert person_names("Then Boris Yeltsin and Morihiro Hosokawa signed.") == [
        "Boris Yeltsin",
        "Morihiro Hosokawa",
    ]
    # A name may open the sentence; a common word opening it is no part of a name.
    assert person_names("Taro Yamada, the ambassador, said so.") == ["Taro Yamada"]
    assert person_names("In Moscow the talks went on.") == []
    # Two states' names in a row ("Japan's Russia policy") are no one's name.
    assert person_names("It marked a shift in Japan’s Russia policy.") == []
    assert not analyse_question("Who was Taro Yamada's deputy?").has_answer_type(
        "His deputy changed Japan’s Russia policy."
    )


def test_anchors_are_names_and_numbers_not_sentence_starts() -> None:
    needs = analyse_question(
        "Actually, what did President Biden say in 2021 about Russo-Japanese ties?"
    )
    assert set(needs.anchors) == {"President", "Biden", "2021", "Russo", "Japanese"}


def test_missing_anchors_tolerate_one_typo_but_not_another_name() -> None:
    needs = analyse_question("What was agreed in the Irkutsk Statement?")
    assert needs.missing_anchors("the Irkutsuk Statement signed in March 2001") == []
    needs = analyse_question("What did Biden say about the summit?")
    assert needs.missing_anchors("Kishida said he would attend the summit.") == ["Biden"]


def test_a_year_in_the_question_must_be_near_the_answer() -> None:
    needs = analyse_question("What was Russia's GDP in 2021?")
    assert not needs.in_years_asked("Tokyo will raise defense spending to 2% of its GDP.")
    assert needs.in_years_asked("In 2021 the economy grew by 4.7%.")


def test_compound_questions_drop_single_sentence_constraints() -> None:
    question = "When was the first meeting, and which minister voiced concern?"
    assert is_compound(question)
    needs = analyse_question(question)
    assert needs.answer_type == "any"
    assert not is_compound("When was the first meeting?")


def test_places_bodies_and_documents_are_not_people() -> None:
    sentence = "The Korean Peninsula worries the Russian Federation, Minister Ivan Petrov said."
    assert person_names(sentence) == ["Minister Ivan Petrov"]
    needs = analyse_question("Who praised the talks?")
    assert not needs.has_answer_type("The Korean Peninsula and the Russian Federation praised it.")


def test_a_day_answer_is_finer_than_the_month_the_question_names() -> None:
    needs = analyse_question("On what date in June 2019 did the ferry start?")
    assert needs.answer_type == "day"
    assert not needs.has_answer_type("The ferry started in June 2019, after the 2018 talks.")
    assert needs.has_answer_type("The ferry started on June 12, 2019.")
    # A weekday answers "what day", not "what date".
    assert not needs.has_answer_type("The ferry started on Sunday.")
    assert analyse_question("On what day did it start?").has_answer_type("It began on Sunday.")


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("What share of the catch goes to Japan?", "percent"),
        ("What was the fishing catch worth?", "money"),
        ("What was the dollar value of the deal?", "money"),
        ("How many ships took part?", None),
    ],
)
def test_an_amount_asked_as_a_share_or_as_money_says_so(question: str, unit: str | None) -> None:
    needs = analyse_question(question)
    assert needs.answer_type == "quantity"
    assert needs.unit == unit


def test_a_share_is_not_answered_by_money_nor_money_by_a_share() -> None:
    share = analyse_question("What share of the catch goes to Japan?")
    assert not share.has_answer_type("Japan buys fish worth $2 billion a year.")
    assert share.has_answer_type("Japan takes 40 percent of the catch.")
    money = analyse_question("How much was the catch worth?")
    assert not money.has_answer_type("Japan takes 40 percent of the catch.")
    assert money.has_answer_type("The catch was worth 3 billion yen.")


def test_an_amount_of_another_year_does_not_answer_the_year_asked() -> None:
    needs = analyse_question("How much was the catch worth in 2015?")
    sentence = "The catch was $3 billion in 2014, up from 2013, and was expected to grow in 2015."
    assert not needs.has_answer_type(sentence)
    assert needs.has_answer_type("The catch reached $4 billion in 2015, up from 2014.")
    # With no year in the sentence, the window decides (``in_years_asked``).
    assert needs.has_answer_type("The catch reached $4 billion.")


def test_a_person_asked_by_office_holds_that_office() -> None:
    needs = analyse_question("Who was the defense minister in 2004?")
    assert needs.role == ("defens", "minist")
    assert not needs.has_answer_type("In 2004 Foreign Minister Ivan Petrov visited Tokyo.")
    assert needs.has_answer_type("In 2004 Defense Minister Pavel Orlov visited Tokyo.")
    assert needs.has_answer_type("In 2004 Pavel Orlov, the defense minister, visited Tokyo.")


def test_former_says_when_an_office_was_held_not_which_office() -> None:
    sentence = "The former Trade Minister of Japan, Aiko Sato, said the ferry must run."
    for question in (
        "Which former Japanese trade minister said the ferry must run?",
        "Which ex-trade minister of Japan said the ferry must run?",
    ):
        needs = analyse_question(question)
        assert needs.role == ("trade", "minist")
        assert needs.answer_values(sentence) == ["Aiko Sato"]


def test_a_states_office_is_not_held_by_another_states_minister() -> None:
    needs = analyse_question("Who was Japan's defense minister at the Nemuro talks?")
    assert needs.office_state >= {"japan", "japanese", "tokyo"}
    assert not needs.has_answer_type("At the talks, Russian Defense Minister Pavel Orlov spoke.")
    assert not needs.has_answer_type("Pavel Orlov, the defense minister of Russia, spoke.")
    assert needs.has_answer_type("Japanese Defense Minister Aiko Sato spoke at the talks.")
    # A state named beside the title, not in it, says nothing of whose office it is.
    beside = "Their Russian counterparts met Defense Minister Aiko Sato at the talks."
    assert needs.has_answer_type(beside)
    # Without a state asked, any state's minister answers.
    assert analyse_question("Who was the defense minister at the talks?").has_answer_type(
        "At the talks, Russian Defense Minister Pavel Orlov spoke."
    )


def test_an_office_spelt_another_way_is_the_same_office() -> None:
    needs = analyse_question("Who was the defence minister in 2004?")
    assert needs.has_answer_type("In 2004 Defense Minister Pavel Orlov visited Tokyo.")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("When the war ended, what did the islands become?", "any"),
        ("After the talks failed, who resigned?", "person"),
        ("When did the talks fail?", "date"),
    ],
)
def test_the_answer_type_is_that_of_the_question_after_a_scene_setting_clause(
    question: str, expected: str
) -> None:
    assert analyse_question(question).answer_type == expected


def test_a_state_is_mentioned_by_its_capital_country_or_people() -> None:
    needs = analyse_question("What did Moscow offer Tokyo in the talks?")
    assert needs.missing_anchors("Russia offered Japan a ferry link.") == []
    assert needs.missing_anchors("China offered Korea a ferry link.") == ["Moscow", "Tokyo"]
    # And a country by its capital or its people's name.
    country = analyse_question("What did China offer Russia in the talks?")
    assert country.missing_anchors("Beijing offered Russian firms a ferry link.") == []
    assert country.missing_anchors("Seoul offered Japan a ferry link.") == ["China", "Russia"]


def test_an_ordinal_in_a_name_is_not_looked_for() -> None:
    needs = analyse_question("What did the islands become after the Second World War?")
    assert needs.missing_anchors("After World War II the islands became disputed.") == []


def test_a_name_is_mentioned_by_its_abbreviation_and_an_abbreviation_spelled_out() -> None:
    war = analyse_question("Which country lost land after World War II?")
    assert war.missing_anchors("Germany lost land after WWII, too.") == []
    assert war.missing_anchors("Germany lost land, too.") == ["World", "War", "II"]
    states = analyse_question("Did the United States object?")
    assert states.missing_anchors("The U.S. objected at once.") == []
    league = analyse_question("What did the UN say about the islands?")
    assert league.missing_anchors("The United Nations said nothing.") == []
    assert league.missing_anchors("The union said nothing.") == ["UN"]


def test_a_value_must_be_of_the_event_that_sets_the_time_asked() -> None:
    needs = analyse_question("Who was the trade minister when the Riga Accord was signed?")
    assert needs.qualifiers == ("Riga", "Accord")
    assert needs.in_time_asked("Trade Minister Ivan Petrov signed the Riga Accord.")
    # A minister named at another event answers nothing about the asked one.
    assert not needs.in_time_asked("Trade Minister Ivan Petrov opened the Minsk fair.")


def test_a_capital_inside_a_longer_name_is_not_its_country() -> None:
    inside = analyse_question("Who led Japan's delegation when the Tokyo Declaration was signed?")
    assert not inside.in_time_asked("Japan's delegation was led by Ichiro Sato; the Declaration …")
    alone = analyse_question("How many ships sailed while Tokyo hosted the talks?")
    assert alone.in_time_asked("Japan hosted the talks; 12 ships sailed.")


def test_untyped_questions_and_leading_when_carry_no_time_clause() -> None:
    assert analyse_question("What did Putin say when Kishida called?").qualifiers == ()
    assert analyse_question("When did the Riga Accord take effect?").qualifiers == ()


def test_a_share_answers_only_for_the_part_asked_of() -> None:
    sentence = "Fish made up 40 percent of the town's exports, and timber 35 percent of them."
    assert analyse_question("What share of the town's exports was timber?").answer_values(
        sentence
    ) == ["35"]
    # Neither share is the one asked for.
    assert not analyse_question("What share of the town's exports was coal?").has_answer_type(
        sentence
    )
    # Without a part named, any share in the sentence may answer.
    assert analyse_question("What share of its budget went abroad?").part == ()


def test_a_share_of_a_flow_the_other_way_answers_nothing() -> None:
    sentence = (
        "Fish made up 40 percent of Norway’s exports to Japan,"
        " and cars 70 percent of Japan’s exports to Norway."
    )
    asked = analyse_question("What percentage of Norway's exports to Japan were cars?")
    assert asked.flow == ("norway", "export", "japan")
    # 70 percent is the cars' share of the flow from Japan, not of the flow asked.
    assert not asked.has_answer_type(sentence)
    assert analyse_question(
        "What percentage of Japan's exports to Norway were cars?"
    ).answer_values(sentence) == ["70"]
    # A clause naming no flow, or the flow asked, still answers.
    assert asked.answer_values("Cars were 5 percent of Norway’s exports to Japan.") == ["5"]


def test_a_share_of_a_whole_needs_a_sentence_naming_that_whole() -> None:
    needs = analyse_question("What share of the town's timber comes from the islands?")
    assert needs.whole == "timber"
    # A share of the town's exports is no share of its timber.
    assert not needs.has_answer_type("Fish made up 40 percent of the town's exports.")
    assert needs.has_answer_type("The islands supply 35 percent of the town's timber.")
    # The whole's head is its first phrase's last word.
    assert analyse_question("What percentage of Norway's exports to Japan was fish?").whole == (
        "export"
    )
    # A share "of what Norway sells" names its whole by a clause, with no noun to require.
    clause = analyse_question("What fraction of what Norway sells to Japan is fish?")
    assert clause.whole is None
    assert clause.has_answer_type("Fish made up 40 percent of Norway's exports to Japan.")


def test_a_count_of_another_thing_does_not_answer_how_many() -> None:
    needs = analyse_question("How many sailors were on the two ferries?")
    assert needs.counted == ("sailor",)
    # "two" counts the ferries, which the question gives; 40 counts the crew asked of.
    assert not needs.has_answer_type("The two ferries left port at dawn.")
    assert needs.answer_values("The two ferries carried 40 sailors.") == ["40"]
    # A bare amount, or one counted in times, may count anything.
    assert needs.has_answer_type("The crew numbered 40.")
    assert analyse_question("How many meetings did they hold?").has_answer_type(
        "They met 12 times."
    )
    # Counting times or people leaves the thing counted open.
    assert analyse_question("How many times did they meet?").counted == ()
    assert analyse_question("How many people live there?").counted == ()


def test_how_much_of_a_thing_is_answered_by_an_amount_of_it() -> None:
    needs = analyse_question("How much in foreign loans has the port taken?")
    assert needs.measured == ("foreign", "loan")
    # An amount in a clause about something else measures that, not the loans.
    assert not needs.has_answer_type("The port, run by two firms, has expanded.")
    assert needs.has_answer_type("The port has taken $40 million in foreign loans.")
    # No thing named before the verb, or money, leaves the amount open.
    assert analyse_question("How much did trade grow?").measured == ()
    assert analyse_question("How much money did the port raise?").measured == ()
    # A verb may follow the thing at once: the thing is still looked for.
    cargo = analyse_question("How much cargo went through the port?")
    assert cargo.has_answer_type("Cargo through the port reached 19 million tonnes.")


def test_a_day_of_the_month_is_no_amount() -> None:
    needs = analyse_question("How many days did the envoy stay?")
    assert not needs.has_answer_type("On March 14, 2004, the envoy arrived.")
    assert needs.has_answer_type("The envoy stayed for 3 days.")


def test_where_words_were_said_is_a_place() -> None:
    needs = analyse_question("Where did he say that?")
    assert needs.answer_type == "place"
    assert not needs.has_answer_type("He said the ferry talks would go on.")
    assert needs.answer_values("He said so at a briefing in Nemuro.") == ["Nemuro"]
    # Where an article says something is no place asked.
    assert analyse_question("Where does the article say Japan stands?").answer_type == "any"
    assert analyse_question("Where did she make the remarks?").answer_type == "place"


def test_a_place_answer_names_a_place_the_question_did_not() -> None:
    needs = analyse_question("Where was the ferry pact signed?")
    assert needs.answer_values("The pact was signed after long talks.") == []
    assert needs.answer_values("The pact was signed at the Nemuro harbour office.") == ["Nemuro"]
    assert needs.answer_values("The ferry pact was signed in October.") == []
    # The question's own place answers nothing.
    hosted = analyse_question("Which city hosted the Nemuro ferry talks?")
    assert hosted.answer_values("The talks were held in Nemuro.") == []
    assert hosted.answer_values("The talks were held in Sapporo.") == ["Sapporo"]


def test_a_place_in_an_aside_is_not_where_the_asked_event_was() -> None:
    needs = analyse_question("Where was the Nemuro forum held?")
    aside = "At the Nemuro forum, Petrov spoke – a view at odds with wars in the Balkans."
    assert not needs.has_answer_type(aside)
    # A place in the part naming the event, or in a sentence with no such part, answers.
    assert needs.answer_values("The Nemuro forum was held in Kushiro.") == ["Kushiro"]
    assert needs.answer_values("It was held in Kushiro.") == ["Kushiro"]


def test_a_country_is_no_answer_to_which_city() -> None:
    needs = analyse_question("Which city did the envoy visit?")
    assert needs.asks_city
    assert not needs.has_answer_type("The envoy paid a visit to Japan.")
    assert needs.answer_values("The envoy paid a visit to Tokyo.") == ["Tokyo"]
    # Nor a state, where the kind is named with a qualifier.
    visited = analyse_question("Which Japanese city did the envoy visit in 2004?")
    assert visited.answer_values("In 2004 the envoy of the Soviet Union visited Japan.") == []
    assert visited.answer_values("In 2004 the envoy visited the city of Nemuro.") == ["Nemuro"]
    # Where something was held may be a country.
    assert analyse_question("Where was the forum held?").has_answer_type("It was held in Japan.")


def test_a_named_answer_names_an_instance_of_the_kind_asked_for() -> None:
    needs = analyse_question("Which Korean banks financed the Nemuro ferry?")
    assert needs.kind == "bank"
    # Speaking of the kind, or naming only what the question gives, is no answer.
    assert needs.answer_values("Korean banks financed the Nemuro ferry in 2019.") == []
    # A nationality says whose banks, not which.
    assert needs.answer_values("Chinese and Korean banks lent to the port in Nemuro.") == []
    assert needs.answer_values("Two banks, Hana Bank and Woori, financed it.") == [
        "Hana Bank",
        "Woori",
    ]
    # Without the kind's word, a country is the setting, not one of the banks.
    assert needs.answer_values("Japan did sanction Russia, but less than the US wanted.") == []
    # Nor is a place gone to: it is where, not which.
    assert needs.answer_values("The ferry from Nemuro was paid for by lenders in Busan.") == []
    # A name far from the kind's word belongs to something else.
    far = "Korean banks paid for it, the mayor said, long before the Sapporo office opened."
    assert needs.answer_values(far) == []
    # Without the kind's word, a lone capitalised word is mostly a person or a place, not
    # a bank; a longer name or an abbreviation still is one.
    assert needs.answer_values("Lending to the port resumed, Petrov said on Monday.") == []
    assert needs.answer_values("The port's lenders were Hana Financial Group and KDB.") == [
        "Hana Financial Group",
        "KDB",
    ]


def test_a_name_the_question_gives_in_part_is_no_instance_of_the_kind() -> None:
    needs = analyse_question("Which agency reported Petrov's remarks on the Nemuro ferry?")
    # "Ivan Petrov" is the one the question names, not an agency.
    assert needs.answer_values("Minister Ivan Petrov spoke of the ferry in Nemuro.") == []
    # A name opening the sentence is a name when it is more than its first word.
    assert needs.answer_values("Hokkaido Shimbun reports that Ivan Petrov spoke.") == [
        "Hokkaido Shimbun"
    ]
    assert needs.answer_values("Reports say that Ivan Petrov spoke of the ferry.") == []
    # "The …" opening a sentence names what the sentence is about, not an answer.
    assert needs.answer_values("The Nemuro Ferry Agency, Ivan Petrov said, is busy.") == []
    # A word of the question that is no name ("ferry") leaves a name an instance.
    held = analyse_question("Which agency ran the Nemuro ferry?")
    assert held.answer_values("It was run by the Sakhalin Ferry Agency for a decade.") == [
        "Sakhalin Ferry Agency"
    ]


def test_a_named_person_kind_is_answered_by_a_persons_name() -> None:
    needs = analyse_question("Which fisheries minister opened the Nemuro talks?")
    assert needs.answer_values("The talks were opened by the minister in Nemuro.") == []
    opened = "In Nemuro, the talks were opened by Fisheries Minister Ivan Petrov."
    assert needs.answer_values(opened) == ["Fisheries Minister Ivan Petrov"]
    # An office asked for is held by the name: without its title, or with another
    # office's or another state's, the name is someone else.
    assert needs.answer_values("In Nemuro, the talks were opened by Ivan Petrov.") == []
    assert needs.answer_values("The talks were opened by Trade Minister Ivan Petrov.") == []
    russian = analyse_question("Which Russian fisheries minister opened the Nemuro talks?")
    assert russian.answer_values("Japanese Fisheries Minister Aiko Sato opened them.") == []
    assert russian.answer_values("Russian Fisheries Minister Ivan Petrov opened them.") == [
        "Russian Fisheries Minister Ivan Petrov"
    ]
    # A standing that is no office ("leader") is seldom a name's title: any name answers.
    leaders = analyse_question("Which leaders opened the Nemuro talks?")
    assert leaders.answer_values("In Nemuro, the talks were opened by Ivan Petrov.") == [
        "Ivan Petrov"
    ]
    # After a phrase setting it apart; a person the question names by surname is given.
    besides = analyse_question("Besides Petrov, which ministers went to Nemuro in 2019?")
    assert besides.kind == "minister"
    assert besides.answer_values("Minister Ivan Petrov went to Nemuro in 2019.") == []
    # A name in a clause of another year is of another event.
    both = "Trade Minister Olga Sato went to Nemuro in 2019, and Ivan Ito went in 2015."
    assert besides.answer_values(both) == ["Trade Minister Olga Sato"]


def test_states_act_for_who_when_no_office_is_asked() -> None:
    needs = analyse_question("Who is courting Tokyo while Seoul hesitates?")
    assert needs.answer_values("Beijing and Moscow, meanwhile, are courting Tokyo.") == [
        "Beijing",
        "Moscow",
    ]
    # The question's own country, under its capital's name, and a country inside a longer
    # name answer nothing.
    assert needs.answer_values("Japan is courted from the Sea of Japan to Korea.") == []
    # An office asked for needs a person holding it.
    minister = analyse_question("Who was the foreign minister who courted Tokyo?")
    assert minister.answer_values("Beijing courted Tokyo.") == []


def test_a_value_of_another_place_does_not_answer_the_place_asked() -> None:
    sentence = "They talked for 20 minutes in Nemuro and signed a pact in Kushiro in 2001."
    needs = analyse_question("How long did they talk in Kushiro?")
    assert needs.places == ("Kushiro",)
    # The 20 minutes are Nemuro's; Kushiro's clause holds no amount.
    assert not needs.has_answer_type(sentence)
    assert analyse_question("How long did they talk in Nemuro?").answer_values(sentence) == ["20"]
    # A sentence that never names the place asked is left to the other checks.
    assert needs.has_answer_type("They talked for 20 minutes in Nemuro.")


def test_how_someone_responded_is_answered_by_their_response() -> None:
    needs = analyse_question("How did Japan's fisheries minister respond to the ferry ban?")
    # A state is named by its seat and its people too.
    assert needs.responder == {"japan", "japanese", "tokyo"}
    # The ban itself, where Japan never comes up, is no response of Japan's.
    assert not needs.from_responder("Petrov banned the ferry from Nemuro.")
    # Another state responding is not the one asked about, though Japan comes up.
    assert not needs.from_responder("Russia angrily responded to the Japanese protest.")
    assert needs.from_responder("Tokyo responded by closing its ports.")
    # Japan as the owner of what is told, or inside the name of a thing, is not responding.
    assert not needs.from_responder("Japan's planned visit to Nemuro was postponed.")
    assert not needs.from_responder("The Tokyo Declaration, signed in 1993, set out talks.")
    assert needs.from_responder("Japan's government lodged a protest, and Japan left.")
    # Inflected verbs, and how something was received somewhere, ask for a response too.
    assert analyse_question("How has Tokyo responded to that?").responder
    assert analyse_question("How did Tokyo reply?").responder
    received = analyse_question("How was the ban received in Tokyo?")
    assert received.responder == {"japan", "japanese", "tokyo"}
    assert not received.from_responder("The ban was announced in Moscow.")
    assert not analyse_question("How was the ban enforced in Tokyo?").responder
    # A question asking no response leaves every sentence to the other checks.
    assert analyse_question("Why was the ferry banned?").from_responder("Petrov banned it.")


def test_which_specific_things_is_answered_by_a_sentence_listing_them() -> None:
    needs = analyse_question("Which specific tariffs did the ministry impose?")
    assert needs.members == "tariff"
    window = "The ministry imposed tariffs in May. Traders complained."
    assert not needs.lists_members("The ministry imposed tariffs in May.", window)
    listed = "The ministry imposed tariffs on steel, timber and fish."
    assert needs.lists_members(listed, listed)
    # A list elsewhere in the sentence ("…, the port and the bank …") lists no tariffs.
    clause = "Since 2014, the port and the bank have imposed tariffs on imports, steadily."
    assert not needs.lists_members(clause, clause)
    # A list of other things, where the tariffs never come up, names none of them.
    other = "The ministry met traders, fishers and farmers."
    assert not needs.lists_members(other, other)
    # Without "specific" the kind of answer is left to the other checks.
    assert analyse_question("Which tariffs did the ministry impose?").lists_members("x", "x")


@pytest.mark.parametrize(
    ("question", "members"),
    [
        # Modifiers before the things' name, and "exactly" after it, ask the same.
        ("Which specific Norwegian fishing quotas were cut?", "quota"),
        ("What concrete security measures did the ministers sign?", "measur"),
        ("Which ports exactly?", "port"),
        # No noun phrase ending plainly in a plural: nothing to hold the answer to.
        ("Which specific news agency reported it?", None),
        ("Which ports did the ships visit?", None),
    ],
)
def test_the_things_whose_members_are_asked_for(question: str, members: str | None) -> None:
    assert analyse_question(question).members == members


def test_a_thing_set_aside_is_no_answer_when_a_sentence_gives_it_as_the_only_example() -> None:
    needs = analyse_question("Besides fishing rights, which other deals did the envoys sign?")
    assert needs.set_aside == ("fish", "right")
    # The set named by the excluded thing alone: nothing else of it is named.
    alone = "The envoys signed four deals, including fishing rights, for the coming year."
    assert not needs.names_more_than_set_aside(alone)
    # The list goes on past it, in one phrase or past a comma: the others are named.
    assert needs.names_more_than_set_aside("Deals such as fishing rights and ferry routes.")
    assert needs.names_more_than_set_aside("Deals including fishing rights, ferry routes.")
    # A sentence that never gives it as an example is left to the other checks.
    assert needs.names_more_than_set_aside("The envoys signed a ferry deal.")
    # Without "besides", "apart from" … nothing is set aside.
    plain = analyse_question("Which deals did the envoys sign?")
    assert plain.set_aside == ()
    assert plain.names_more_than_set_aside(alone)


def test_a_value_is_of_a_named_state_only_where_the_state_or_the_article_names_it() -> None:
    needs = analyse_question("How many ships did China send to the Baltic in 2012?")
    # A count of another state's ships, in an article that is not about China.
    assert not needs.names_states_asked("Korea sent four ships. Title: Korea at sea")
    # Named in the window, or the article's subject (its title) though the sentence omits it.
    assert needs.names_states_asked("China sent four ships in 2012.")
    assert needs.names_states_asked("The navy sent four ships. China's navy at sea")
    # Its people's or its capital's name stand for it too.
    assert analyse_question("How many troops did Seoul send?").names_states_asked(
        "The Korean army sent 500 troops."
    )
    # A question asking for no value leaves the state to the other checks.
    assert analyse_question("Why did China send ships?").names_states_asked("Korea sent ships.")


def test_a_value_is_of_the_named_document_only_where_the_document_is_named() -> None:
    needs = analyse_question("When was the Soviet-Japanese Nemuro Pact signed?")
    assert needs.documents == (("nemuro", "pact"),)
    # The passage may name the pact elsewhere; a date of signing another accord is not its.
    assert not needs.names_documents("The Kushiro Accord was signed in October 1993.")
    assert needs.names_documents("The Soviet–Japanese Nemuro Pact was signed in 1941.")
    # A name of states alone tells no document from another; untyped questions are free.
    assert analyse_question("When was the Japanese-Soviet Pact signed?").documents == ()
    assert analyse_question("Why was the Nemuro Pact signed?").documents == ()


def test_a_yes_or_no_question_is_answered_only_where_its_subject_comes_up() -> None:
    needs = analyse_question("Did Norway join the sanctions on Russia?")
    assert needs.subject == "Norway"
    assert not needs.names_subject_asked("The EU and the US imposed sanctions on Russia.")
    assert needs.names_subject_asked("Norway joined the EU sanctions in March.")
    # A pronoun, or a question asking for a value, has no subject to hold the answer to.
    assert analyse_question("Did it join the sanctions?").subject is None
    assert analyse_question("When did Norway join the sanctions?").subject is None


def test_a_number_inside_a_name_is_no_amount() -> None:
    assert quantities("Japan adhered to the G7 sanctions, and G20 leaders met.") == []
    assert quantities("The 7 ships joined 20 others.") == ["7", "20"]
    needs = analyse_question("How many months did Japan wait before joining the G7 sanctions?")
    assert not needs.has_answer_type("Japan joined the G7 sanctions after the referendum.")


def test_an_amount_asked_of_a_number_given_needs_that_number_nearby() -> None:
    needs = analyse_question("How many of the 12 ferry crossings were cancelled in May?")
    assert needs.amounts == ("12",)
    assert not needs.in_numbers_asked("From 2010 to 2014, four crossings were cancelled.")
    assert needs.in_numbers_asked("Of the 12 crossings planned, four were cancelled in May.")
    # A day of a month is a date, not an amount the answer must repeat.
    dated = analyse_question("How many ships left port on March 1?")
    assert dated.amounts == ()
    assert dated.in_numbers_asked("Three ships left port that day.")


def test_the_day_words_were_said_on_is_not_the_day_of_the_event_asked() -> None:
    report = "The ferry talks in Nemuro this week were tense, Mayor Kenji Ito said Saturday."
    assert analyse_question("On which day did the ferry talks open?").answer_values(report) == []
    # Asked when the words were said, that day answers.
    asked = analyse_question("On what day did the mayor speak?")
    assert asked.answer_values(report) == ["saturday"]


def test_a_region_is_no_answer_to_which_countries() -> None:
    needs = analyse_question("Which other countries objected to the ferry deal?")
    assert needs.answer_values("Tokyo set its stance apart from that of the West.") == []
    assert needs.answer_values("In the end, Malaysia objected to the deal.") == ["Malaysia"]


def test_an_amount_of_what_a_verb_of_money_does_needs_it_named() -> None:
    needs = analyse_question("How much did Japanese firms invest in Nemuro in 2013?")
    assert needs.measured == ("invest",)
    assert not needs.has_answer_type("Trade with Nemuro hit $3 billion in 2013.")
    assert needs.has_answer_type("Japanese firms made investments of $2 billion in 2013.")
    # A change of something named before the verb measures that thing, as before.
    assert analyse_question("How much did trade grow in 2013?").measured == ()


def test_whether_there_were_any_of_a_kind_is_answered_only_where_the_kind_comes_up() -> None:
    needs = analyse_question("Did the port also close any ferry routes?")
    assert needs.any_of == "rout"
    assert not needs.names_any_asked("The port froze assets and suspended visas.")
    assert needs.names_any_asked("The port closed two ferry routes in May.")
    # Not a yes-or-no question: nothing asked of "any".
    assert analyse_question("Which ports closed any routes?").any_of is None


@pytest.mark.parametrize(
    ("line", "is_link"),
    [
        ("Ferry service to resume as planned- Hokkaido Daily News", True),
        ("Ferry to resume with new crew | The Nemuro Times", True),
        ("NHK: Ferry service resumes in Nemuro", True),
        # A sentence with a dash, and a line leading into a quote, are no link titles.
        ("The talks were tense - the mayor said.", False),
        ("Anyways, an illustration of how the ferry helps:", False),
    ],
)
def test_a_news_link_posted_in_a_thread_names_its_outlet(line: str, is_link: bool) -> None:
    assert is_link_title(line) is is_link


def test_a_question_asking_which_outlet_reported_something() -> None:
    assert analyse_question("Which Japanese newspaper reported the ferry plan?").asks_outlet
    assert analyse_question("Which publication is cited for the ferry news?").asks_outlet
    assert not analyse_question("Which ferry did the mayor take?").asks_outlet

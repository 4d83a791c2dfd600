from chatbot import text


def test_inflections_of_a_word_share_a_stem():
    assert len({text.stem(w) for w in ("sweat", "sweats", "sweating", "sweated")}) == 1
    assert text.stem("migraine") == text.stem("migraines")
    assert text.stem("eye") == text.stem("eyes")
    assert text.stem("illness") == text.stem("illnesses")
    assert text.stem("headache") == text.stem("headaches")


def test_different_words_keep_different_stems():
    assert text.stem("neck") != text.stem("necklace")
    assert text.stem("pain") != text.stem("paint")
    assert text.stem("they") != text.stem("the") and text.stem("this") == "this"


def test_a_letter_typed_three_times_counts_once():
    assert text.words("heyyy sooo pleeease") == ["hey", "so", "please"]
    assert text.words("a cool bee") == ["a", "cool", "bee"]


def test_contractions_and_case_are_folded():
    assert text.words("I CAN'T breathe") == ["i", "cant", "breathe"]
    assert text.words("It\u2019s my jaw") == ["its", "my", "jaw"]


def test_dotted_acronyms_are_one_word_and_do_not_split_sentences():
    assert text.sentences("T.M.J. botox") == [["tmj", "botox"]]
    assert text.sentences("Is it safe? My jaw hurts.") == [["is", "it", "safe"], ["my", "jaw", "hurts"]]


def test_clean_removes_control_characters_and_caps_length():
    assert text.clean("hi\x00\x1b[31mthere\x07") == "hi  [31mthere"
    assert len(text.clean("a" * 100_000)) == text.MAX_INPUT_CHARS
    assert text.clean(b"caf\xc3\xa9 \xff") == "caf\u00e9 \ufffd"
    assert text.clean(None) == ""
    assert text.clean(42) == "42"


def test_accents_are_stripped_for_matching():
    assert text.words("Migra\u00f1a caf\u00e9") == ["migrana", "cafe"]

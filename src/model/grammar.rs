//! Czech grammar the screens build sentences with: a kind of record in the accusative
//! ("Smazat osobu …?"), a count with its words in the form the numeral asks for
//! ("2 dřívější jednání", "5 dřívějších jednání"), and the words about a person in the
//! person's gender ("přítomna, členka"). English keeps its simple forms.

use crate::model::text::sanitize_line;
use crate::model::{Kind, Labelled, Lang, MemberRole, Presence, Salutation};

/// The form a Czech noun takes after a numeral: 1, 2–4, and 0 or 5 and more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    One,
    Few,
    Many,
}

impl Plural {
    pub fn of(n: usize) -> Plural {
        match n {
            1 => Plural::One,
            2..=4 => Plural::Few,
            _ => Plural::Many,
        }
    }
}

/// Counted words: the Czech forms for 1, 2–4 and 0 or 5+, and the English singular and
/// plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    cs: [&'static str; 3],
    en: [&'static str; 2],
}

impl Counted {
    pub const fn new(cs: [&'static str; 3], en: [&'static str; 2]) -> Counted {
        Counted { cs, en }
    }

    /// The words in the form `n` asks for.
    pub fn words(self, n: usize, lang: Lang) -> &'static str {
        match lang {
            Lang::Cs => match Plural::of(n) {
                Plural::One => self.cs[0],
                Plural::Few => self.cs[1],
                Plural::Many => self.cs[2],
            },
            Lang::En if n == 1 => self.en[0],
            Lang::En => self.en[1],
        }
    }

    /// "1 dřívější jednání", "5 dřívějších jednání".
    pub fn count(self, n: usize, lang: Lang) -> String {
        format!("{n} {}", self.words(n, lang))
    }
}

/// Meetings before those a list shows.
pub const EARLIER_MEETINGS: Counted = Counted::new(
    ["dřívější jednání", "dřívější jednání", "dřívějších jednání"],
    ["earlier meeting", "earlier meetings"],
);

/// Meetings after those a list shows.
pub const LATER_MEETINGS: Counted = Counted::new(
    ["další jednání", "další jednání", "dalších jednání"],
    ["later meeting", "later meetings"],
);

/// Records of the register.
pub const RECORDS: Counted = Counted::new(["záznam", "záznamy", "záznamů"], ["record", "records"]);

/// "další" after a number of things already named ("+3 další", "+5 dalších").
pub const MORE: Counted = Counted::new(["další", "další", "dalších"], ["more", "more"]);

/// The last line of a cut list: "… a 3 další", "… a 5 dalších", "… 5 more".
pub fn and_more(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Cs => format!("… a {}", MORE.count(n, lang)),
        Lang::En => format!("… {}", MORE.count(n, lang)),
    }
}

/// A kind of record in the accusative, as the object of a verb: "Smazat osobu".
pub fn accusative(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Region => lang.pick("ORP", "region"),
        Kind::Organisation => lang.pick("organizaci", "organisation"),
        Kind::Person => lang.pick("osobu", "person"),
        Kind::Project => lang.pick("projekt", "project"),
        Kind::Document => lang.pick("dokument", "document"),
        Kind::Group => lang.pick("skupinu", "group"),
        Kind::Membership => lang.pick("členství", "membership"),
        Kind::Meeting => lang.pick("jednání", "meeting"),
        Kind::Service => lang.pick("službu", "service"),
    }
}

/// The question before a record is deleted: "Smazat osobu „Věra Kubátová“?".
pub fn delete_question(kind: Kind, title: &str, lang: Lang) -> String {
    let title = sanitize_line(title);
    match lang {
        Lang::Cs => format!("Smazat {} „{title}“?", accusative(kind, lang)),
        Lang::En => format!("Delete {} “{title}”?", accusative(kind, lang)),
    }
}

/// What loading the sample register did: "Nahráno 250 záznamů ukázkového rejstříku."
/// (the verb agrees with the count too: "Nahrán 1 záznam", "Nahrány 3 záznamy").
pub fn sample_loaded(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Cs => {
            let verb = match Plural::of(n) {
                Plural::One => "Nahrán",
                Plural::Few => "Nahrány",
                Plural::Many => "Nahráno",
            };
            format!("{verb} {} ukázkového rejstříku.", RECORDS.count(n, lang))
        }
        Lang::En => format!("Loaded {n} sample {}.", RECORDS.words(n, lang)),
    }
}

/// Words about a person in three forms: for a man, for a woman, and for someone whose
/// salutation is not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Gendered {
    masculine: &'static str,
    feminine: &'static str,
    unknown: &'static str,
}

impl Gendered {
    const fn new(masculine: &'static str, feminine: &'static str, unknown: &'static str) -> Self {
        Gendered {
            masculine,
            feminine,
            unknown,
        }
    }

    fn of(self, salutation: Salutation) -> &'static str {
        match salutation {
            Salutation::Mr => self.masculine,
            Salutation::Ms => self.feminine,
            Salutation::Unknown => self.unknown,
        }
    }
}

/// A person's attendance in their gender: "přítomen", "přítomna", "přítomen(a)".
pub fn presence(presence: Presence, salutation: Salutation, lang: Lang) -> &'static str {
    let words = match presence {
        Presence::Present => Gendered::new("přítomen", "přítomna", "přítomen(a)"),
        Presence::Excused => Gendered::new("omluven", "omluvena", "omluven(a)"),
        Presence::Absent => Gendered::new("nepřítomen", "nepřítomna", "nepřítomen(a)"),
    };
    match lang {
        Lang::Cs => words.of(salutation),
        Lang::En => presence.label_en(),
    }
}

/// A member's role in their gender: "předseda", "předsedkyně". Without a salutation the
/// role keeps the list's own label ("předseda", "člen"), the generic form Czech statutes
/// and minutes use for anyone, so that a register without salutations reads as before.
pub fn role(role: MemberRole, salutation: Salutation, lang: Lang) -> &'static str {
    let words = match role {
        MemberRole::Chair => Gendered::new("předseda", "předsedkyně", "předseda"),
        MemberRole::Coordinator => Gendered::new("koordinátor", "koordinátorka", "koordinátor"),
        MemberRole::Member => Gendered::new("člen", "členka", "člen"),
        MemberRole::Recorder => Gendered::new("zapisovatel", "zapisovatelka", "zapisovatel"),
    };
    match lang {
        Lang::Cs => words.of(salutation),
        Lang::En => role.label_en(),
    }
}

/// What an attendance line says after the name: " – přítomna, členka" (the role only
/// for a member of the meeting's group).
pub fn attendance_note(
    attended: Presence,
    member: Option<MemberRole>,
    salutation: Salutation,
    lang: Lang,
) -> String {
    let mut text = format!(" – {}", presence(attended, salutation, lang));
    if let Some(r) = member {
        text.push_str(", ");
        text.push_str(role(r, salutation, lang));
    }
    text
}

/// A letter's salutation from the person's: "Vážená paní Věra Kubátová,", "Vážený pane
/// Josef Marek," (the vocative of a surname cannot be made by rule, so the whole name
/// stands in the nominative, as Czech offices write it), and without one "Vážená paní,
/// vážený pane,". English: "Dear Ms Kubátová,", "Dear Mr Marek,", "Dear Sir or Madam,".
pub fn letter_salutation(person: &crate::model::Person, lang: Lang) -> String {
    let name =
        sanitize_line(format!("{} {}", person.first_name.trim(), person.last_name.trim()).trim());
    let surname = sanitize_line(person.last_name.trim());
    match (lang, person.salutation) {
        (Lang::Cs, Salutation::Ms) => format!("Vážená paní {name},"),
        (Lang::Cs, Salutation::Mr) => format!("Vážený pane {name},"),
        (Lang::Cs, Salutation::Unknown) => "Vážená paní, vážený pane,".to_string(),
        (Lang::En, Salutation::Ms) => format!("Dear Ms {surname},"),
        (Lang::En, Salutation::Mr) => format!("Dear Mr {surname},"),
        (Lang::En, Salutation::Unknown) => "Dear Sir or Madam,".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_greet_pan_pani_and_the_unknown() {
        let person = |salutation| crate::model::Person {
            salutation,
            title_before: "Ing.".into(),
            first_name: "Ilona".into(),
            last_name: "Dušková".into(),
            ..crate::model::Person::default()
        };
        assert_eq!(
            letter_salutation(&person(Salutation::Ms), Lang::Cs),
            "Vážená paní Ilona Dušková,"
        );
        assert_eq!(
            letter_salutation(&person(Salutation::Mr), Lang::Cs),
            "Vážený pane Ilona Dušková,"
        );
        assert_eq!(
            letter_salutation(&person(Salutation::Unknown), Lang::Cs),
            "Vážená paní, vážený pane,"
        );
        assert_eq!(
            letter_salutation(&person(Salutation::Ms), Lang::En),
            "Dear Ms Dušková,"
        );
        assert_eq!(
            letter_salutation(&person(Salutation::Unknown), Lang::En),
            "Dear Sir or Madam,"
        );
    }

    const SCHUZKY: Counted = Counted::new(
        ["dřívější schůzka", "dřívější schůzky", "dřívějších schůzek"],
        ["earlier meeting", "earlier meetings"],
    );

    #[test]
    fn numerals_take_the_three_czech_forms() {
        assert_eq!(SCHUZKY.count(1, Lang::Cs), "1 dřívější schůzka");
        assert_eq!(SCHUZKY.count(2, Lang::Cs), "2 dřívější schůzky");
        assert_eq!(SCHUZKY.count(4, Lang::Cs), "4 dřívější schůzky");
        assert_eq!(SCHUZKY.count(5, Lang::Cs), "5 dřívějších schůzek");
        assert_eq!(SCHUZKY.count(0, Lang::Cs), "0 dřívějších schůzek");
        assert_eq!(SCHUZKY.count(22, Lang::Cs), "22 dřívějších schůzek");
        assert_eq!(SCHUZKY.count(1, Lang::En), "1 earlier meeting");
        assert_eq!(SCHUZKY.count(3, Lang::En), "3 earlier meetings");
    }

    #[test]
    fn the_counted_words_of_the_screens() {
        assert_eq!(EARLIER_MEETINGS.count(2, Lang::Cs), "2 dřívější jednání");
        assert_eq!(EARLIER_MEETINGS.count(7, Lang::Cs), "7 dřívějších jednání");
        assert_eq!(LATER_MEETINGS.count(1, Lang::Cs), "1 další jednání");
        assert_eq!(LATER_MEETINGS.count(12, Lang::Cs), "12 dalších jednání");
        assert_eq!(RECORDS.count(1, Lang::Cs), "1 záznam");
        assert_eq!(RECORDS.count(3, Lang::Cs), "3 záznamy");
        assert_eq!(RECORDS.count(250, Lang::Cs), "250 záznamů");
        assert_eq!(MORE.count(3, Lang::Cs), "3 další");
        assert_eq!(MORE.count(5, Lang::Cs), "5 dalších");
        assert_eq!(MORE.count(5, Lang::En), "5 more");
        assert_eq!(and_more(3, Lang::Cs), "… a 3 další");
        assert_eq!(and_more(6, Lang::Cs), "… a 6 dalších");
        assert_eq!(and_more(6, Lang::En), "… 6 more");
    }

    #[test]
    fn the_verb_agrees_with_the_count() {
        assert_eq!(
            sample_loaded(1, Lang::Cs),
            "Nahrán 1 záznam ukázkového rejstříku."
        );
        assert_eq!(
            sample_loaded(3, Lang::Cs),
            "Nahrány 3 záznamy ukázkového rejstříku."
        );
        assert_eq!(
            sample_loaded(250, Lang::Cs),
            "Nahráno 250 záznamů ukázkového rejstříku."
        );
        assert_eq!(sample_loaded(1, Lang::En), "Loaded 1 sample record.");
        assert_eq!(sample_loaded(250, Lang::En), "Loaded 250 sample records.");
    }

    #[test]
    fn every_kind_in_the_accusative() {
        let question = |kind| delete_question(kind, "X", Lang::Cs);
        assert_eq!(question(Kind::Person), "Smazat osobu „X“?");
        assert_eq!(question(Kind::Group), "Smazat skupinu „X“?");
        assert_eq!(question(Kind::Organisation), "Smazat organizaci „X“?");
        assert_eq!(question(Kind::Meeting), "Smazat jednání „X“?");
        assert_eq!(question(Kind::Region), "Smazat ORP „X“?");
        assert_eq!(question(Kind::Project), "Smazat projekt „X“?");
        assert_eq!(question(Kind::Document), "Smazat dokument „X“?");
        assert_eq!(question(Kind::Membership), "Smazat členství „X“?");
        assert_eq!(
            delete_question(Kind::Group, "ŘS", Lang::En),
            "Delete group “ŘS”?"
        );
        // The capitalised form the store's messages begin with is the same case.
        for kind in Kind::ALL {
            let lower = accusative(kind, Lang::Cs);
            let capital = kind.accusative_capitalised(Lang::Cs);
            assert_eq!(lower.to_lowercase(), capital.to_lowercase(), "{kind:?}");
        }
    }

    #[test]
    fn a_title_is_sanitised_in_the_question() {
        let question = delete_question(Kind::Person, "Věra\u{1b}[2J\nKubátová", Lang::Cs);
        assert!(
            !question.contains('\u{1b}') && !question.contains('\n'),
            "{question}"
        );
    }

    #[test]
    fn presence_and_roles_take_the_person_s_gender() {
        use MemberRole::*;
        use Presence::*;
        use Salutation::*;
        assert_eq!(presence(Present, Ms, Lang::Cs), "přítomna");
        assert_eq!(presence(Present, Mr, Lang::Cs), "přítomen");
        assert_eq!(presence(Present, Unknown, Lang::Cs), "přítomen(a)");
        assert_eq!(presence(Excused, Ms, Lang::Cs), "omluvena");
        assert_eq!(presence(Excused, Mr, Lang::Cs), "omluven");
        assert_eq!(presence(Absent, Ms, Lang::Cs), "nepřítomna");
        assert_eq!(presence(Absent, Unknown, Lang::Cs), "nepřítomen(a)");
        assert_eq!(presence(Absent, Ms, Lang::En), "absent");
        assert_eq!(role(Chair, Ms, Lang::Cs), "předsedkyně");
        assert_eq!(role(Chair, Mr, Lang::Cs), "předseda");
        assert_eq!(role(Chair, Unknown, Lang::Cs), "předseda");
        assert_eq!(role(Member, Ms, Lang::Cs), "členka");
        assert_eq!(role(Coordinator, Ms, Lang::Cs), "koordinátorka");
        assert_eq!(role(Recorder, Ms, Lang::Cs), "zapisovatelka");
        assert_eq!(role(Chair, Ms, Lang::En), "chair");
        // A man's words are the lists' own labels, and so are the roles of someone
        // whose salutation is not given.
        for &r in MemberRole::ALL {
            assert_eq!(role(r, Mr, Lang::Cs), r.label_cs());
            assert_eq!(role(r, Unknown, Lang::Cs), r.label_cs());
        }
        for &p in Presence::ALL {
            assert_eq!(presence(p, Mr, Lang::Cs), p.label_cs());
        }
    }

    #[test]
    fn an_attendance_line_names_presence_and_role() {
        assert_eq!(
            attendance_note(
                Presence::Present,
                Some(MemberRole::Member),
                Salutation::Ms,
                Lang::Cs
            ),
            " – přítomna, členka"
        );
        assert_eq!(
            attendance_note(Presence::Excused, None, Salutation::Mr, Lang::Cs),
            " – omluven"
        );
        assert_eq!(
            attendance_note(
                Presence::Present,
                Some(MemberRole::Chair),
                Salutation::Ms,
                Lang::En
            ),
            " – present, chair"
        );
    }
}

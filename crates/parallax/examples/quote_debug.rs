//! Prints the quotes and speakers Parallax finds in a text file (a debugging aid).
fn main() {
    let path = std::env::args().nth(1).expect("a text file");
    let text = std::fs::read_to_string(path).expect("readable");
    for quote in parallax::analyze::article_quotes(&text, &parallax::analyze::ner::RuleTagger) {
        let shown: String = text[quote.start..quote.end].chars().take(60).collect();
        let kind = if quote.indirect { "reported" } else { "quoted" };
        println!("{kind}\t{:?}\t{}", quote.speaker, shown);
    }
}

//! The five shared seeds (scraped text, chrome included) against our line labels: at
//! least 98 % of body lines kept, 95 % of boilerplate lines removed, and the title of
//! every seed that has one.

mod common;

#[test]
fn seeds_keep_their_body_and_lose_their_chrome() {
    let Some(seeds) = common::seeds() else {
        return;
    };
    let report = parallax::eval::extraction::score_seeds(&seeds).unwrap();
    assert_eq!(report.files, 5);
    let kept = report.body_kept as f64 / report.body_lines as f64;
    let removed = report.boilerplate_removed as f64 / report.boilerplate_lines as f64;
    assert!(kept >= 0.98, "body kept {kept:.3}: {:#?}", report.mistakes);
    assert!(
        removed >= 0.95,
        "boilerplate removed {removed:.3}: {:#?}",
        report.mistakes
    );
    assert_eq!(report.titles, 3);
    assert_eq!(report.titles_found, 3, "{:#?}", report.mistakes);
    assert!(
        report.body_lines >= 50 && report.boilerplate_lines >= 30,
        "the labels cover the seeds"
    );
}

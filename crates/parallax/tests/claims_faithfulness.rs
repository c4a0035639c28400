//! Issue 8's citation rule on every ECB+ event, and claim alignment on our fixture story,
//! as `parallax eval claims` measures them: every summary sentence is supported by every
//! article it cites, and alignment keeps its precision and recall targets.

use std::path::PathBuf;

/// `../shared/data` when it holds ECB+, or `None` (with a message).
fn shared_data() -> Option<PathBuf> {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if data.join("ecbplus").join("ecbplus_docs.jsonl").is_file() {
        Some(data)
    } else {
        eprintln!(
            "SKIPPED: ECB+ is not under {}; this test needs ../shared beside the repository",
            data.display()
        );
        None
    }
}

#[test]
fn every_summary_sentence_of_every_ecbplus_event_cites_only_its_support() {
    let Some(data) = shared_data() else { return };
    let report = parallax::eval::claims::run(&data, None).unwrap();
    let faithfulness = report.faithfulness.unwrap();
    assert!(faithfulness.stories > 60, "{faithfulness:?}");
    assert!(
        faithfulness.sentences >= 3 * faithfulness.stories,
        "{faithfulness:?}"
    );
    assert_eq!(
        faithfulness.supported, faithfulness.sentences,
        "{faithfulness:?}"
    );
    assert_eq!(faithfulness.short_summaries, 0, "{faithfulness:?}");
    let alignment = &report.alignment;
    assert!(
        alignment.precision >= 0.9 && alignment.recall >= 0.85,
        "{alignment:?}\nmissed: {:#?}\nwrong: {:#?}",
        report.missed_pairs,
        report.wrong_pairs
    );
    assert_eq!(report.differences_found, report.gold_differences);
}

//! The README's "Read Django's session in axum" code is this file's code, which compiles.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

// README-BEGIN
use axum::{Json, Router, routing::get};
use djsign_axum::{Session, Settings};

async fn session_data(session: Session) -> Json<djsign::Map> {
    Json(session.data())
}
// README-END

#[allow(dead_code)]
#[rustfmt::skip] // kept on the README's lines
fn app() -> Result<Router, Box<dyn std::error::Error>> {
    // README-BEGIN
    let layer = Settings::new(djsign::SecretKey::from_env("DJANGO_SECRET_KEY")?).layer()?;
    let app: Router = Router::new().route("/session", get(session_data)).layer(layer);
    // README-END
    Ok(app)
}

fn marked(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut on = false;
    for line in source.lines() {
        match line.trim() {
            "// README-BEGIN" => on = true,
            "// README-END" => on = false,
            _ if on => out.push(line.trim().to_owned()),
            _ => {}
        }
    }
    out
}

#[test]
fn readme_section_is_this_compiled_code() {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("## Read Django's session in axum")
        .nth(1)
        .expect("the README has the section");
    let block = section
        .split("```rs\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let readme_lines: Vec<String> = block.lines().map(|l| l.trim().to_owned()).collect();
    assert_eq!(readme_lines, marked(include_str!("readme.rs")));
    let code_lines = readme_lines.iter().filter(|l| !l.is_empty()).count();
    assert!(
        code_lines < 10,
        "the README promises under 10 lines, has {code_lines}"
    );
}

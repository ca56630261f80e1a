//! The report templates: handlebars files that render Markdown (with GFM tables
//! and fenced `chart` blocks) from a typed context. Defaults are compiled in; a
//! `--templates` folder overrides them file by file. Strict mode: a misspelled
//! field is an error naming the template and line. Renders text only.

use handlebars::{
    Context, Handlebars, Helper, HelperResult, JsonRender, Output, RenderContext, RenderErrorReason,
};
use serde::Serialize;
use std::path::Path;

/// The built-in templates, by file name.
pub const DEFAULTS: [(&str, &str); 3] = [
    (
        "quarterly.md.hbs",
        include_str!("../../report-templates/quarterly.md.hbs"),
    ),
    (
        "annual.md.hbs",
        include_str!("../../report-templates/annual.md.hbs"),
    ),
    (
        "actions-table.md.hbs",
        include_str!("../../report-templates/actions-table.md.hbs"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("the template folder {0} could not be read: {1}")]
    Folder(String, std::io::Error),
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    #[error("{0}")]
    Render(String),
}

/// The templates of a run: the defaults with any overrides applied.
pub struct Templates {
    registry: Handlebars<'static>,
    /// Which files came from the override folder, for messages.
    pub overridden: Vec<String>,
    /// The text of each overriding file (its path, its text), so that a value
    /// a chair's template prints by itself can be traced to its line.
    pub overriding_texts: Vec<(String, String)>,
}

impl Templates {
    /// The defaults, then every `*.hbs` file of `folder` that has a default's
    /// name in its place; other files there are ignored.
    pub fn load(folder: Option<&Path>) -> Result<Templates, TemplateError> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape_markdown);
        registry.register_helper("rag", Box::new(rag_helper));
        registry.register_helper("json", Box::new(json_helper));
        registry.register_helper("plain", Box::new(plain_helper));
        registry.register_helper("counted", Box::new(counted_helper));
        let mut overridden = Vec::new();
        let mut overriding_texts = Vec::new();
        for (name, default) in DEFAULTS {
            let text = match folder.map(|f| f.join(name)).filter(|p| p.is_file()) {
                Some(path) => {
                    overridden.push(name.to_string());
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| TemplateError::Folder(path.display().to_string(), e))?;
                    overriding_texts.push((path.display().to_string(), text.clone()));
                    text
                }
                None => default.to_string(),
            };
            let partial = name.trim_end_matches(".md.hbs");
            registry
                .register_template_string(partial, text)
                .map_err(|e| TemplateError::Syntax {
                    file: name.to_string(),
                    message: e.to_string(),
                })?;
        }
        if let Some(f) = folder {
            if !f.is_dir() {
                return Err(TemplateError::Folder(
                    f.display().to_string(),
                    std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
                ));
            }
        }
        Ok(Templates {
            registry,
            overridden,
            overriding_texts,
        })
    }

    /// Renders template `name` (without `.md.hbs`) to Markdown.
    pub fn render<T: Serialize>(&self, name: &str, context: &T) -> Result<String, TemplateError> {
        self.registry.render(name, context).map_err(|e| {
            let file = e.template_name.clone().unwrap_or_else(|| name.to_string());
            let line = e.line_no.map(|l| format!(", line {l}")).unwrap_or_default();
            let reason = match e.reason() {
                RenderErrorReason::MissingVariable(Some(path)) => {
                    format!("the field “{path}” does not exist in the report's data (see report-templates/CONTEXT.md)")
                }
                other => other.to_string(),
            };
            TemplateError::Render(format!("template {file}.md.hbs{line}: {reason}"))
        })
    }
}

/// The built-in templates' files, for `boardpack templates` to write out:
/// each template, then the field list.
pub fn default_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    let docs = [(
        "CONTEXT.md",
        include_str!("../../report-templates/CONTEXT.md"),
    )];
    DEFAULTS.iter().copied().chain(docs)
}

/// Data in `{{ }}` is escaped for Markdown, so a progress update can never
/// start a heading, a list or a table cell: specials get a backslash (`&`
/// too, so that `&#67;` stays those characters), line breaks become spaces.
pub fn escape_markdown(data: &str) -> String {
    let mut out = String::with_capacity(data.len());
    for c in data.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#' | '+'
            | '-' | '.' | '!' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// `{{rag cell}}`: a RAG cell `{text, rag}` as `[[rag:green]]text` — the
/// marker the Markdown reader turns into a filled table cell.
fn rag_helper(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let cell = h
        .param(0)
        .map(|p| p.value())
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("rag", 0))?;
    let text = cell.get("text").map(|t| t.render()).unwrap_or_default();
    if let Some(rag) = cell.get("rag").and_then(|r| r.as_str()) {
        out.write(&format!("[[rag:{rag}]]"))?;
    }
    out.write(&escape_markdown(&text))?;
    Ok(())
}

/// `{{plain value}}`: a value as plain text on one line, for the fenced
/// blocks whose text is not Markdown (```` ```title ````): every line break
/// becomes a space and a backtick a quotation mark, so the value can neither
/// end the block nor start one. Templates use it, never `{{{ }}}`, for data.
fn plain_helper(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let value = h
        .param(0)
        .map(|p| p.value())
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("plain", 0))?;
    out.write(&plain_line(&value.render()))?;
    Ok(())
}

/// `text` on one line with no backtick (see `plain_helper`).
pub fn plain_line(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '`' => '‘',
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => ' ',
            c => c,
        })
        .collect()
}

/// `{{counted n "warning" "warnings"}}`: a count with its noun in the
/// README's number style ("no warnings", "1 warning", "12 warnings").
fn counted_helper(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let param = |i: usize| {
        h.param(i)
            .map(|p| p.value())
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("counted", i))
    };
    let n = param(0)?
        .as_u64()
        .ok_or_else(|| RenderErrorReason::InvalidParamType("a whole number"))?;
    let singular = param(1)?.as_str().unwrap_or_default();
    let plural = param(2)?.as_str().unwrap_or_default();
    out.write(&escape_markdown(&crate::report::phrasing::counted(
        n, singular, plural,
    )))?;
    Ok(())
}

/// `{{json value}}`: a value as JSON on one line, for fenced `chart` blocks.
fn json_helper(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let value = h
        .param(0)
        .map(|p| p.value())
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("json", 0))?;
    out.write(&value.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_says_a_count_with_its_noun_at_0_1_2_and_many() {
        let folder = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            folder.path().join("quarterly.md.hbs"),
            "found {{counted errors \"error\" \"errors\"}} and {{counted warnings \"warning\" \"warnings\"}}.",
        )
        .expect("template written");
        let templates = Templates::load(Some(folder.path())).expect("loads");
        let cases = [
            (0, 1, "found no errors and 1 warning."),
            (1, 0, "found 1 error and no warnings."),
            (2, 2, "found 2 errors and 2 warnings."),
            (1234, 17, "found 1,234 errors and 17 warnings."),
        ];
        for (errors, warnings, text) in cases {
            let context = serde_json::json!({ "errors": errors, "warnings": warnings });
            let said = templates.render("quarterly", &context).expect("renders");
            assert_eq!(said.trim(), text);
        }
        let context = serde_json::json!({ "errors": "many", "warnings": 1 });
        assert!(templates.render("quarterly", &context).is_err());
    }

    #[test]
    fn no_built_in_template_prints_data_unescaped() {
        for (name, text) in DEFAULTS {
            for (i, line) in text.lines().enumerate() {
                assert!(
                    !line.contains("{{{") && !line.contains("{{&"),
                    "{name} line {}: data printed unescaped; use {{{{field}}}} or {{{{plain field}}}}",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn a_value_in_a_title_block_cannot_end_it() {
        let templates = Templates::load(None).expect("defaults");
        let mut registry = templates.registry;
        registry
            .register_template_string("t", "```title\n{{plain sub_group}}\n```\n\n# Real\n")
            .expect("template");
        let hostile = serde_json::json!({"sub_group": "CSE\n```\n# INJECTED\n```title\nx"});
        let markdown = registry.render("t", &hostile).expect("render");
        let blocks = crate::render::markdown::to_blocks(&markdown).expect("blocks");
        let headings = blocks
            .iter()
            .filter(|b| matches!(b, crate::document::Block::Heading { .. }))
            .count();
        assert_eq!(headings, 1, "{markdown}");
        assert!(!markdown.contains("\n# INJECTED"), "{markdown}");
    }

    #[test]
    fn markdown_escaping_keeps_entities_as_text() {
        assert_eq!(escape_markdown("Q&A &#67;"), "Q\\&A \\&\\#67;");
    }
}

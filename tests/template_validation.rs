//! The return template's validations agree with the reader: the rules are
//! read back out of a template `boardpack returns` wrote, the Case ID formula
//! is evaluated (by a small evaluator of the few spreadsheet functions it
//! uses) on the values the reader's own checks are tested on, and each answer
//! is compared with what `check` decides. Every unlocked row is validated.

mod common;

use common::*;
use std::collections::BTreeMap;

/// A data validation as written in a sheet's XML.
#[derive(Debug, Clone)]
struct Rule {
    kind: String,
    sqref: String,
    formula: String,
}

fn unescape(xml: &str) -> String {
    xml.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn attribute(tag: &str, name: &str) -> String {
    let key = format!(" {name}=\"");
    tag.find(&key)
        .map(|at| {
            let rest = &tag[at + key.len()..];
            rest[..rest.find('"').unwrap_or(rest.len())].to_string()
        })
        .unwrap_or_default()
}

/// Every validation of a sheet's XML.
fn rules(xml: &str) -> Vec<Rule> {
    xml.split("<dataValidation ")
        .skip(1)
        .map(|part| {
            let tag = format!(" {}", &part[..part.find('>').unwrap_or(part.len())]);
            let formula = part
                .find("<formula1>")
                .map(|at| {
                    let rest = &part[at + "<formula1>".len()..];
                    unescape(&rest[..rest.find("</formula1>").unwrap_or(0)])
                })
                .unwrap_or_default();
            Rule {
                kind: attribute(&tag, "type"),
                sqref: attribute(&tag, "sqref"),
                formula,
            }
        })
        .collect()
}

/// The Referrals sheet's validations, by the column's letter, from the log
/// keeper's template written by `boardpack returns` on the shipped example.
fn referral_rules() -> BTreeMap<String, Rule> {
    let case = Case::shipped();
    let out = case.path("out").display().to_string();
    let run = case.run(&["returns", "--out", &out]);
    assert_eq!(exit_code(&run), 0, "{}", stderr(&run));
    let folder = case.path("out/templates/2015-16-Q3");
    for entry in std::fs::read_dir(&folder).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let workbook = read_part(&mut zip, "xl/workbook.xml");
        let names: Vec<String> = workbook
            .split("<sheet ")
            .skip(1)
            .map(|t| attribute(&format!(" {t}"), "name"))
            .collect();
        if let Some(i) = names.iter().position(|n| n == "Referrals") {
            let xml = read_part(&mut zip, &format!("xl/worksheets/sheet{}.xml", i + 1));
            return rules(&xml)
                .into_iter()
                .map(|r| {
                    let column: String = r
                        .sqref
                        .chars()
                        .take_while(char::is_ascii_uppercase)
                        .collect();
                    (column, r)
                })
                .collect();
        }
    }
    panic!("no template has a Referrals sheet");
}

fn read_part(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> String {
    use std::io::Read;
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Values the reader's checks are tested on (`src/read/returns.rs`,
/// `tests/bad_inputs.rs`), and the edges of the contract's rule.
const CASE_IDS: [&str; 22] = [
    "CSE-0142",
    "cse-0164",
    "A1",
    "1A",
    "X-9",
    "CSE0001",
    "2015",
    "0",
    "CSE-",
    "---",
    "jane.smith",
    "Jane Smith",
    "CSE 0142",
    "CSE_0142",
    "CSÉ-1",
    "警察-1",
    "CSE-0142!",
    "'CSE-1",
    "=A1",
    "Ab1-",
    "CSE-١٢",
    "-1a-",
];

#[test]
fn the_case_id_rule_accepts_exactly_what_the_reader_accepts() {
    let rules = referral_rules();
    let rule = &rules["A"];
    assert_eq!(rule.kind, "custom");
    for value in CASE_IDS {
        let template = evaluate(&rule.formula, value);
        let reader = boardpack::read::vocab::is_case_id(value.trim());
        assert_eq!(
            template, reader,
            "{value:?}: template {template}, reader {reader}; {}",
            rule.formula
        );
    }
    // A padded value: the reader trims it; the template must never accept what the reader refuses.
    for value in [" CSE-1 ", " jane smith "] {
        if evaluate(&rule.formula, value) {
            assert!(
                boardpack::read::vocab::is_case_id(value.trim()),
                "{value:?}"
            );
        }
    }
}

#[test]
fn yes_no_lists_accept_every_spelling_the_reader_accepts() {
    let rules = referral_rules();
    let lists: Vec<&Rule> = rules
        .values()
        .filter(|r| r.kind == "list" && r.formula.contains("Yes"))
        .collect();
    assert_eq!(lists.len(), 2, "Looked after and MARAC: {rules:#?}");
    for rule in lists {
        let choices: Vec<String> = rule
            .formula
            .trim_matches('"')
            .split(',')
            .map(str::to_string)
            .collect();
        for value in [
            "Yes", "No", "y", "N", "TRUE", "False", "yes", "maybe", "Yess", "1", "0", "",
        ] {
            // List validation compares without regard to case.
            let template = choices.iter().any(|c| c.eq_ignore_ascii_case(value));
            let reader = boardpack::workbook::values::yes_no_text(value).is_ok();
            assert_eq!(template, reader, "{value:?} in {choices:?}");
        }
    }
}

#[test]
fn every_unlocked_referral_row_is_validated() {
    let rules = referral_rules();
    assert!(rules.len() >= 10, "{rules:#?}");
    for (column, rule) in &rules {
        assert!(
            rule.sqref.ends_with("1048576"),
            "column {column} is validated to the sheet's last row: {}",
            rule.sqref
        );
        assert!(
            rule.sqref.starts_with(&format!("{column}2:")),
            "{}",
            rule.sqref
        );
    }
}

#[test]
fn the_evaluator_itself_reads_these_functions_as_a_spreadsheet_does() {
    let at = |f: &str| eval_text(f, "CSE-1");
    assert_eq!(at("FIND(\"S\",A2)"), V::Num(2.0));
    assert!(matches!(at("FIND(\"x\",A2)"), V::Err));
    assert_eq!(at("FIND(\"\",A2)"), V::Num(1.0));
    assert_eq!(at("MID(A2,9,1)"), V::Text(String::new()));
    assert_eq!(at("UPPER(\"cse\")"), V::Text("CSE".into()));
    assert_eq!(at("TRIM(\"  a  b \")"), V::Text("a b".into()));
    assert_eq!(
        at("SUMPRODUCT(--ISNUMBER(FIND(ROW($1:$10)-1,A2)))"),
        V::Num(1.0)
    );
    assert_eq!(at("CHAR(65)"), V::Text("A".into()));
    assert_eq!(at("AND(1>0,2=2)"), V::Bool(true));
    assert_eq!(at("LEN(A2)"), V::Num(5.0));
    assert_eq!(at("SUMPRODUCT((ROW($1:$4)<=2)*1)"), V::Num(2.0));
}

// A small evaluator of the spreadsheet formulas the templates' validations use.

#[derive(Clone, Debug, PartialEq)]
enum V {
    Num(f64),
    Text(String),
    Bool(bool),
    Err,
    Array(Vec<V>),
}

/// The formula's answer for A2 = `a2`, which must be the same whether FIND
/// finds the empty text at position 1 (Excel) or not at all (LibreOffice).
fn evaluate(formula: &str, a2: &str) -> bool {
    let excel = matches!(eval_with(formula, a2, Find::Excel), V::Bool(true));
    let libreoffice = matches!(eval_with(formula, a2, Find::LibreOffice), V::Bool(true));
    assert_eq!(
        excel, libreoffice,
        "{a2:?}: Excel and LibreOffice differ on {formula}"
    );
    excel
}

#[derive(Clone, Copy, PartialEq)]
enum Find {
    Excel,
    LibreOffice,
}

fn eval_text(formula: &str, a2: &str) -> V {
    eval_with(formula, a2, Find::Excel)
}

fn eval_with(formula: &str, a2: &str, find: Find) -> V {
    let tokens = tokenize(formula);
    let mut p = Parser {
        tokens,
        at: 0,
        a2,
        find,
    };
    let v = p.comparison();
    assert_eq!(p.at, p.tokens.len(), "the whole formula is read: {formula}");
    v
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Name(String),
    Rows(u32, u32),
    Op(char),
    Cmp(String),
}

fn tokenize(f: &str) -> Vec<Tok> {
    let chars: Vec<char> = f.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' => {
                let mut s = String::new();
                i += 1;
                while chars[i] != '"' {
                    s.push(chars[i]);
                    i += 1;
                }
                i += 1;
                out.push(Tok::Str(s));
            }
            '$' => {
                let text: String = chars[i..]
                    .iter()
                    .take_while(|c| **c == '$' || **c == ':' || c.is_ascii_digit())
                    .collect();
                i += text.len();
                let parts: Vec<u32> = text
                    .split(':')
                    .map(|p| p.trim_start_matches('$').parse().unwrap())
                    .collect();
                out.push(Tok::Rows(parts[0], parts[1]));
            }
            '>' | '<' | '=' => {
                let mut op = c.to_string();
                if i + 1 < chars.len() && matches!(chars[i + 1], '=' | '>') && c != '=' {
                    op.push(chars[i + 1]);
                    i += 1;
                }
                i += 1;
                out.push(Tok::Cmp(op));
            }
            '(' | ')' | ',' | '-' | '+' | '*' | '&' => {
                out.push(Tok::Op(c));
                i += 1;
            }
            d if d.is_ascii_digit() => {
                let text: String = chars[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit() || **c == '.')
                    .collect();
                i += text.len();
                out.push(Tok::Num(text.parse().unwrap()));
            }
            a if a.is_ascii_alphabetic() => {
                let text: String = chars[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                i += text.len();
                out.push(Tok::Name(text));
            }
            _ => panic!("unexpected {c:?} in {f}"),
        }
    }
    out
}

struct Parser<'a> {
    tokens: Vec<Tok>,
    at: usize,
    a2: &'a str,
    find: Find,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Tok {
        self.at += 1;
        self.tokens[self.at - 1].clone()
    }

    fn comparison(&mut self) -> V {
        let left = self.concat();
        if let Some(Tok::Cmp(op)) = self.peek().cloned() {
            self.at += 1;
            let right = self.concat();
            return map2(&left, &right, &|a, b| match (a, b) {
                (V::Err, _) | (_, V::Err) => V::Err,
                (V::Num(x), V::Num(y)) => V::Bool(match op.as_str() {
                    ">" => x > y,
                    "<" => x < y,
                    "=" => x == y,
                    ">=" => x >= y,
                    "<=" => x <= y,
                    _ => x != y,
                }),
                (V::Text(x), V::Text(y)) => V::Bool(match op.as_str() {
                    "=" => x.eq_ignore_ascii_case(y),
                    _ => !x.eq_ignore_ascii_case(y),
                }),
                _ => V::Bool(false),
            });
        }
        left
    }

    fn concat(&mut self) -> V {
        let mut left = self.additive();
        while self.peek() == Some(&Tok::Op('&')) {
            self.at += 1;
            let right = self.additive();
            left = map2(&left, &right, &|a, b| {
                V::Text(format!("{}{}", text(a), text(b)))
            });
        }
        left
    }

    fn additive(&mut self) -> V {
        let mut left = self.term();
        while let Some(Tok::Op(op @ ('+' | '-'))) = self.peek().cloned() {
            self.at += 1;
            let right = self.term();
            left = map2(&left, &right, &|a, b| match (num(a), num(b)) {
                (Some(x), Some(y)) => V::Num(if op == '+' { x + y } else { x - y }),
                _ => V::Err,
            });
        }
        left
    }

    fn term(&mut self) -> V {
        let mut left = self.unary();
        while self.peek() == Some(&Tok::Op('*')) {
            self.at += 1;
            let right = self.unary();
            left = map2(&left, &right, &|a, b| match (num(a), num(b)) {
                (Some(x), Some(y)) => V::Num(x * y),
                _ => V::Err,
            });
        }
        left
    }

    fn unary(&mut self) -> V {
        if self.peek() == Some(&Tok::Op('-')) {
            self.at += 1;
            let v = self.unary();
            return map1(&v, &|a| num(a).map_or(V::Err, |x| V::Num(-x)));
        }
        self.primary()
    }

    fn primary(&mut self) -> V {
        match self.next() {
            Tok::Num(n) => V::Num(n),
            Tok::Str(s) => V::Text(s),
            Tok::Rows(a, b) => V::Array((a..=b).map(|r| V::Num(f64::from(r))).collect()),
            Tok::Op('(') => {
                let v = self.comparison();
                assert_eq!(self.next(), Tok::Op(')'));
                v
            }
            Tok::Name(name) if name == "A2" => V::Text(self.a2.to_string()),
            Tok::Name(name) => {
                assert_eq!(self.next(), Tok::Op('('), "{name}(");
                let mut args = Vec::new();
                if self.peek() != Some(&Tok::Op(')')) {
                    loop {
                        args.push(self.comparison());
                        if self.peek() == Some(&Tok::Op(',')) {
                            self.at += 1;
                        } else {
                            break;
                        }
                    }
                }
                assert_eq!(self.next(), Tok::Op(')'), "{name}(…)");
                call(&name, &args, self.find)
            }
            t => panic!("unexpected {t:?}"),
        }
    }
}

fn call(name: &str, args: &[V], find: Find) -> V {
    match name {
        "AND" => V::Bool(args.iter().all(|a| matches!(a, V::Bool(true)))),
        "SUMPRODUCT" => V::Num(items(&args[0]).iter().filter_map(num).sum()),
        "ISNUMBER" => map1(&args[0], &|a| V::Bool(matches!(a, V::Num(_)))),
        "ISERROR" => map1(&args[0], &|a| V::Bool(matches!(a, V::Err))),
        "ROW" => args[0].clone(),
        "CHAR" => map1(&args[0], &|a| {
            num(a)
                .and_then(|n| char::from_u32(n as u32))
                .map_or(V::Err, |c| V::Text(c.to_string()))
        }),
        "UPPER" => map1(&args[0], &|a| V::Text(text(a).to_uppercase())),
        "TRIM" => map1(&args[0], &|a| {
            V::Text(
                text(a)
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        }),
        "LEN" => map1(&args[0], &|a| V::Num(text(a).chars().count() as f64)),
        "FIND" => map2(&args[0], &args[1], &|needle, hay| {
            let (needle, hay) = (text(needle), text(hay));
            if needle.is_empty() && find == Find::LibreOffice {
                return V::Err;
            }
            hay.find(&needle).map_or(V::Err, |byte| {
                V::Num((hay[..byte].chars().count() + 1) as f64)
            })
        }),
        "MID" => map2(&args[0], &args[1], &|t, start| {
            let start = num(start).unwrap_or(1.0) as usize;
            V::Text(text(t).chars().skip(start - 1).take(1).collect())
        }),
        _ => panic!("the evaluator does not know {name}"),
    }
}

fn items(v: &V) -> Vec<V> {
    match v {
        V::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

fn map1(v: &V, f: &dyn Fn(&V) -> V) -> V {
    match v {
        V::Array(a) => V::Array(a.iter().map(f).collect()),
        other => f(other),
    }
}

fn map2(a: &V, b: &V, f: &dyn Fn(&V, &V) -> V) -> V {
    match (a, b) {
        (V::Array(x), V::Array(y)) => V::Array(x.iter().zip(y).map(|(p, q)| f(p, q)).collect()),
        (V::Array(x), other) => V::Array(x.iter().map(|p| f(p, other)).collect()),
        (other, V::Array(y)) => V::Array(y.iter().map(|q| f(other, q)).collect()),
        (p, q) => f(p, q),
    }
}

fn num(v: &V) -> Option<f64> {
    match v {
        V::Num(n) => Some(*n),
        V::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

fn text(v: &V) -> String {
    match v {
        V::Num(n) if n.fract() == 0.0 => format!("{}", *n as i64),
        V::Num(n) => n.to_string(),
        V::Text(s) => s.clone(),
        V::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        V::Err | V::Array(_) => String::new(),
    }
}

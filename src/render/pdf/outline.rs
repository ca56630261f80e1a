//! The PDF outline (bookmarks): one entry per heading, nested by level, each
//! opening its page at the heading. Writes outline objects only.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::file::text_string;
use crate::document::style::PAGE_HEIGHT;
use crate::render::layout::PageLayout;

struct Node {
    level: u8,
    title: String,
    page: ObjectId,
    /// PDF y (from the bottom) a little above the heading.
    top: f32,
    parent: Option<usize>,
    children: Vec<usize>,
}

/// Adds the outline to `pdf` and returns its root, or `None` with no headings.
pub fn build(pdf: &mut Document, pages: &[PageLayout]) -> Option<ObjectId> {
    let page_ids = pdf.get_pages();
    let mut nodes: Vec<Node> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for page in pages {
        let Some(&page_id) = page_ids.get(&(page.number as u32)) else {
            continue;
        };
        for heading in &page.headings {
            while open
                .last()
                .is_some_and(|&i| nodes[i].level >= heading.level)
            {
                open.pop();
            }
            let index = nodes.len();
            let parent = open.last().copied();
            if let Some(p) = parent {
                nodes[p].children.push(index);
            }
            nodes.push(Node {
                level: heading.level,
                title: heading.title(),
                page: page_id,
                top: PAGE_HEIGHT - heading.top + 6.0,
                parent,
                children: Vec::new(),
            });
            open.push(index);
        }
    }
    if nodes.is_empty() {
        return None;
    }
    let root = pdf.new_object_id();
    let ids: Vec<ObjectId> = nodes.iter().map(|_| pdf.new_object_id()).collect();
    let top_level: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].parent.is_none())
        .collect();
    for (i, node) in nodes.iter().enumerate() {
        let siblings = match node.parent {
            Some(p) => &nodes[p].children,
            None => &top_level,
        };
        let position = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&node.title));
        dict.set(
            "Parent",
            Object::Reference(node.parent.map_or(root, |p| ids[p])),
        );
        dict.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(node.page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(node.top),
                Object::Null,
            ]),
        );
        if position > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[position - 1]]));
        }
        if let Some(&next) = siblings.get(position + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        if let (Some(&first), Some(&last)) = (node.children.first(), node.children.last()) {
            dict.set("First", Object::Reference(ids[first]));
            dict.set("Last", Object::Reference(ids[last]));
            dict.set("Count", Object::Integer(descendants(&nodes, i) as i64));
        }
        pdf.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (top_level.first(), top_level.last()) {
        outlines.set("First", Object::Reference(ids[first]));
        outlines.set("Last", Object::Reference(ids[last]));
    }
    outlines.set("Count", Object::Integer(nodes.len() as i64));
    pdf.objects.insert(root, Object::Dictionary(outlines));
    Some(root)
}

fn descendants(nodes: &[Node], index: usize) -> usize {
    nodes[index]
        .children
        .iter()
        .map(|&c| 1 + descendants(nodes, c))
        .sum()
}

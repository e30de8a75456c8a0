//! The workspace's modules form no import circle.
//!
//! For every package (the root and each of `crates/*`), this reads every module under `src/` and
//! the module paths its code names (`use` declarations, and paths written in place such as
//! `crate::print::display(..)` or `super::ws(..)`), and builds a graph: an edge from a module to
//! each module it names, and an edge from each module to the children it declares. A circle in
//! that graph fails the test. So two modules never need each other, and a module and its
//! children refer to each other only downward: a child that names its parent (or the crate root,
//! say through `crate::parse`) closes a circle with the parent's `mod` declaration. Test code
//! (`#[cfg(test)]`) is left out: a test module reads its parent by design.
//!
//! A path names the deepest module it goes through: `crate::lexical::keyword::Keyword` names
//! `lexical::keyword`, and `crate::lexical::ws` names `lexical` even when `ws` is defined in a
//! child and re-exported there. Paths that start with another crate's name are not followed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// One module: where its code is and what it names.
#[derive(Default)]
struct Module {
    file: PathBuf,
    /// Children declared with `mod`, by name.
    children: BTreeSet<String>,
    /// Each path named in the module's own code (children excluded), as written.
    named: Vec<Vec<String>>,
    /// How many times its code calls `expose_secret`.
    exposes: usize,
}

/// The modules of one package, by path (`[]` is the crate root).
struct Package {
    modules: BTreeMap<Vec<String>, Module>,
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr.meta.require_list().is_ok_and(|list| list.tokens.to_string().split_whitespace().eq(["test"]))
    })
}

impl Package {
    fn load(root_file: &Path) -> Package {
        let mut package = Package { modules: BTreeMap::new() };
        package.load_file(Vec::new(), root_file, true);
        package
    }

    /// Reads the module at `path` from `file`; `owns_dir`: its children's files are beside it
    /// (`lib.rs`, `main.rs`, `mod.rs`) rather than in a folder named after it.
    fn load_file(&mut self, path: Vec<String>, file: &Path, owns_dir: bool) {
        let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let dir = if owns_dir { file.parent().unwrap().to_path_buf() } else { file.with_extension("") };
        self.load_items(path, file, &dir, &ast.items);
    }

    fn load_items(&mut self, path: Vec<String>, file: &Path, dir: &Path, items: &[syn::Item]) {
        let mut module = Module { file: file.to_path_buf(), ..Module::default() };
        let mut finder = PathFinder { named: Vec::new(), exposes: 0 };
        for item in items {
            match item {
                syn::Item::Mod(m) if is_test_only(&m.attrs) => {}
                syn::Item::Mod(m) => {
                    let name = m.ident.to_string();
                    module.children.insert(name.clone());
                    let mut child = path.clone();
                    child.push(name.clone());
                    match &m.content {
                        Some((_, inner)) => self.load_items(child, file, &dir.join(&name), inner),
                        None => {
                            let flat = dir.join(format!("{name}.rs"));
                            if flat.exists() {
                                self.load_file(child, &flat, false);
                            } else {
                                self.load_file(child, &dir.join(&name).join("mod.rs"), true);
                            }
                        }
                    }
                }
                other => finder.visit_item(other),
            }
        }
        module.named = finder.named;
        module.exposes = finder.exposes;
        self.modules.insert(path, module);
    }

    /// The module a path written in module `from` goes through last, if it is one of ours.
    fn target(&self, from: &[String], written: &[String]) -> Option<Vec<String>> {
        let mut absolute: Vec<String> = from.to_vec();
        let mut rest = written;
        match written.first().map(String::as_str) {
            Some("crate") => {
                absolute.clear();
                rest = &written[1..];
            }
            Some("self") => rest = &written[1..],
            Some("super") => {
                while rest.first().map(String::as_str) == Some("super") {
                    absolute.pop()?;
                    rest = &rest[1..];
                }
            }
            // A relative path is ours only when it starts with a child of this module.
            Some(first) if self.modules[from].children.contains(first) => {}
            _ => return None,
        }
        for segment in rest {
            let mut deeper = absolute.clone();
            deeper.push(segment.clone());
            if !self.modules.contains_key(&deeper) {
                break;
            }
            absolute = deeper;
        }
        Some(absolute)
    }

    /// Every edge: (from, to, the path written, or `mod` for a declaration).
    fn edges(&self) -> Vec<(Vec<String>, Vec<String>, String)> {
        let mut edges = Vec::new();
        for (path, module) in &self.modules {
            for child in &module.children {
                let mut to = path.clone();
                to.push(child.clone());
                edges.push((path.clone(), to, format!("mod {child}")));
            }
            for written in &module.named {
                if let Some(to) = self.target(path, written) {
                    if &to != path {
                        edges.push((path.clone(), to, written.join("::")));
                    }
                }
            }
        }
        edges
    }
}

/// Collects the paths of one module's code, and counts its calls of `expose_secret`, skipping
/// test-only items and nested modules.
struct PathFinder {
    named: Vec<Vec<String>>,
    exposes: usize,
}

impl PathFinder {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.push_with(prefix, n.ident.to_string()),
            syn::UseTree::Rename(r) => self.push_with(prefix, r.ident.to_string()),
            syn::UseTree::Glob(_) => self.named.push(prefix.clone()),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn push_with(&mut self, prefix: &[String], last: String) {
        let mut path = prefix.to_vec();
        if last != "self" {
            path.push(last);
        }
        self.named.push(path);
    }

    /// Paths inside macro calls (`format!`, `matches!`, ...): `crate`, `self` or `super`, then
    /// `::`-separated names.
    fn tokens(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut at = 0;
        while at < tokens.len() {
            match &tokens[at] {
                TokenTree::Group(group) => self.tokens(group.stream()),
                TokenTree::Ident(ident) if ["crate", "self", "super"].contains(&ident.to_string().as_str()) => {
                    let mut path = vec![ident.to_string()];
                    while let (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)), Some(TokenTree::Ident(next))) =
                        (tokens.get(at + 1), tokens.get(at + 2), tokens.get(at + 3))
                    {
                        if a.as_char() != ':' || b.as_char() != ':' {
                            break;
                        }
                        path.push(next.to_string());
                        at += 3;
                    }
                    if path.len() > 1 {
                        self.named.push(path);
                    }
                }
                _ => {}
            }
            at += 1;
        }
    }
}

impl<'ast> Visit<'ast> for PathFinder {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(_) => return,
            syn::Item::Fn(i) => &i.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(i) => &i.attrs,
            syn::Item::Const(i) => &i.attrs,
            syn::Item::Static(i) => &i.attrs,
            syn::Item::Struct(i) => &i.attrs,
            syn::Item::Enum(i) => &i.attrs,
            syn::Item::Trait(i) => &i.attrs,
            syn::Item::Type(i) => &i.attrs,
            syn::Item::Macro(i) => &i.attrs,
            _ => &Vec::new(),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        if let syn::ImplItem::Fn(f) = item {
            if is_test_only(&f.attrs) {
                return;
            }
        }
        syn::visit::visit_impl_item(self, item);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    /// `pub(crate)` and `pub(super)` say who may see an item, not what it uses.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.named.push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if call.method == "expose_secret" {
            self.exposes += 1;
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.tokens(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }
}

/// The strongly connected components of more than one module (Tarjan's algorithm).
fn circles(nodes: &[Vec<String>], edges: &[(Vec<String>, Vec<String>, String)]) -> Vec<Vec<Vec<String>>> {
    struct Walk<'g> {
        next: &'g BTreeMap<&'g [String], Vec<&'g [String]>>,
        index: BTreeMap<&'g [String], usize>,
        low: BTreeMap<&'g [String], usize>,
        stack: Vec<&'g [String]>,
        on_stack: BTreeSet<&'g [String]>,
        found: Vec<Vec<Vec<String>>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, node: &'g [String]) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.insert(node);
            for &to in self.next.get(node).into_iter().flatten() {
                if !self.index.contains_key(to) {
                    self.visit(to);
                    let low = self.low[node].min(self.low[to]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(to) {
                    let low = self.low[node].min(self.index[to]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    component.push(top.to_vec());
                    if top == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut next: BTreeMap<&[String], Vec<&[String]>> = BTreeMap::new();
    for (from, to, _) in edges {
        next.entry(from.as_slice()).or_default().push(to.as_slice());
    }
    let mut walk = Walk {
        next: &next,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in nodes {
        if !walk.index.contains_key(node.as_slice()) {
            walk.visit(node);
        }
    }
    walk.found
}

fn name(path: &[String]) -> String {
    if path.is_empty() {
        "crate".to_owned()
    } else {
        path.join("::")
    }
}

/// The circles of the package whose root module is `root_file`, described for a person.
fn describe_circles(root_file: &Path) -> Vec<String> {
    let package = Package::load(root_file);
    let nodes: Vec<Vec<String>> = package.modules.keys().cloned().collect();
    let edges = package.edges();
    circles(&nodes, &edges)
        .into_iter()
        .map(|members| {
            let inside: BTreeSet<&Vec<String>> = members.iter().collect();
            let mut text = format!(
                "{}: a circle of {} modules: {}\n",
                root_file.display(),
                members.len(),
                members.iter().map(|m| name(m)).collect::<Vec<_>>().join(", ")
            );
            let mut shown = BTreeSet::new();
            for (from, to, written) in &edges {
                if inside.contains(from) && inside.contains(to) && shown.insert((from, to)) {
                    let file = package.modules[from].file.display();
                    text.push_str(&format!("    {} -> {}  ({written}, {file})\n", name(from), name(to)));
                }
            }
            text
        })
        .collect()
}

/// The root module of every package of the workspace.
fn package_roots() -> Vec<PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![workspace.join("src/lib.rs")];
    let mut crates: Vec<PathBuf> = fs::read_dir(workspace.join("crates"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.join("Cargo.toml").exists())
        .collect();
    crates.sort();
    for dir in crates {
        for root in ["src/lib.rs", "src/main.rs"] {
            if dir.join(root).exists() {
                roots.push(dir.join(root));
            }
        }
    }
    roots
}

#[test]
fn no_package_has_an_import_circle() {
    let roots = package_roots();
    assert!(roots.len() >= 4, "the workspace's packages: {roots:?}");
    let found: Vec<String> = roots.iter().flat_map(|root| describe_circles(root)).collect();
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

#[test]
fn the_check_sees_a_circle_through_a_parent() {
    // A child naming its parent closes a circle with the parent's `mod` declaration.
    let dir = std::env::temp_dir().join(format!("flink-ddl-architecture-{}", std::process::id()));
    fs::create_dir_all(dir.join("a")).unwrap();
    fs::write(dir.join("lib.rs"), "mod a;\nmod b;\n").unwrap();
    fs::write(dir.join("a/mod.rs"), "mod child;\npub(crate) fn f() {}\n").unwrap();
    fs::write(dir.join("a/child.rs"), "pub(crate) fn g() { super::f() }\n").unwrap();
    fs::write(dir.join("b.rs"), "use crate::a::f;\n").unwrap();
    let found = describe_circles(&dir.join("lib.rs"));
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("a::child -> a  (super::f"), "{}", found[0]);
    assert!(!found[0].contains("b ->"), "{}", found[0]);
}

#[test]
fn credentials_leave_only_through_the_named_exits() {
    // `expose_secret` is the one way out of a `Secret`; each call is a place where a credential
    // really leaves. Reading `type`, `endpoint` or `connector` goes through `as_plain`.
    let exits = [
        ("src/options.rs", 2, "OptionValue::expose_secret itself, and the unredacted printer"),
        ("src/expr/literal.rs", 2, "the unredacted printer of a secret string and a secret binary literal"),
        (
            "src/expr/secret_pair.rs",
            1,
            "a masked value read as the key of the next `=` in a chain (compared, never kept or shown)",
        ),
        ("crates/flink-ddl-exec/src/seal/mod.rs", 2, "the sealer, encrypting for the stores"),
        ("crates/flink-ddl-exec/src/catalog/mod.rs", 1, "the secret payload, itself a Secret"),
        ("crates/flink-ddl-exec/src/executor/session.rs", 1, "SHOW CREATE CONNECTION, through the masked print"),
        (
            "crates/flink-ddl-exec/src/conformance/support.rs",
            1,
            "the store suite reading what a catalog stored (tests only)",
        ),
        ("crates/flink-ddl-testkit/src/session.rs", 1, "tests reading what a catalog stored (dev only)"),
        (
            "crates/flink-ddl-server/src/api_key.rs",
            2,
            "hashing a new API secret, and verifying a presented one (argon2id)",
        ),
        ("crates/flink-ddl-cli/src/api_key_cmd.rs", 1, "api-key create printing the new secret, once"),
        (
            "crates/flink-ddl-exec/src/executor/rules.rs",
            1,
            "refusing the mask <REDACTED> given as a credential (compared, never kept or shown)",
        ),
    ];
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = BTreeMap::new();
    for root in package_roots() {
        for module in Package::load(&root).modules.into_values().filter(|m| m.exposes > 0) {
            let file = module.file.strip_prefix(workspace).unwrap().display().to_string();
            *found.entry(file).or_insert(0) += module.exposes;
        }
    }
    let expected: BTreeMap<String, usize> = exits.iter().map(|(file, n, _)| (file.to_string(), *n)).collect();
    assert_eq!(found, expected, "calls of expose_secret outside tests, by file");
}

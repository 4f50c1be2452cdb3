//! A small robots.txt reader (RFC 9309): groups by user agent, `Allow`/`Disallow` with
//! `*` and `$`, the longest matching rule wins and `Allow` wins a tie.

/// The rules that apply to one user agent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    /// `(allow, pattern)` pairs.
    rules: Vec<(bool, String)>,
}

impl Robots {
    /// Everything allowed (no robots.txt, or a 4xx answer).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Everything forbidden (robots.txt unreachable: RFC 9309 says assume so).
    pub fn disallow_all() -> Robots {
        Robots {
            rules: vec![(false, "/".into())],
        }
    }

    /// Reads robots.txt for the product token `agent` (e.g. `ofsted-etl`).
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_lowercase();
        let mut specific: Vec<(bool, String)> = Vec::new();
        let mut star: Vec<(bool, String)> = Vec::new();
        let mut group_agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let (key, value) = (key.trim().to_lowercase(), value.trim());
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        group_agents.clear();
                        in_rules = false;
                    }
                    group_agents.push(value.to_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    if value.is_empty() {
                        continue;
                    }
                    let rule = (key == "allow", value.to_owned());
                    if group_agents
                        .iter()
                        .any(|a| a != "*" && agent.starts_with(a.as_str()))
                    {
                        specific.push(rule.clone());
                    }
                    if group_agents.iter().any(|a| a == "*") {
                        star.push(rule);
                    }
                }
                _ => {}
            }
        }
        let any_specific = text.lines().any(|l| {
            let l = l.split('#').next().unwrap_or("").trim().to_lowercase();
            l.strip_prefix("user-agent:")
                .map(str::trim)
                .is_some_and(|a| a != "*" && !a.is_empty() && agent.starts_with(a))
        });
        Robots {
            rules: if any_specific { specific } else { star },
        }
    }

    /// Whether `path` (with its query) may be fetched.
    pub fn allowed(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pat) in &self.rules {
            if matches(pat, path) {
                let len = pat.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Prefix match with `*` (any run of characters) and a final `$` (end of path).
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            pos = part.len();
        } else if i == parts.len() - 1 && anchored {
            return path.len() >= pos + part.len() && path.ends_with(part);
        } else {
            match path.get(pos..).and_then(|rest| rest.find(part)) {
                Some(at) => pos += at + part.len(),
                None => return false,
            }
        }
    }
    !anchored || pos == path.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_longest_match() {
        let txt = "User-agent: *\nDisallow: /search\n\nUser-agent: other\nDisallow: /\n";
        let r = Robots::parse(txt, "ofsted-etl");
        assert!(!r.allowed("/search?q="));
        assert!(r.allowed("/provider/44/80429"));
        let txt = "User-agent: ofsted-etl\nDisallow: /provider/\nAllow: /provider/44/\n";
        let r = Robots::parse(txt, "ofsted-etl");
        assert!(r.allowed("/provider/44/1"));
        assert!(!r.allowed("/provider/21/1"));
        assert!(r.allowed("/search"));
    }

    #[test]
    fn wildcards() {
        let r = Robots::parse("User-agent: *\nDisallow: /*.pdf$\n", "x");
        assert!(!r.allowed("/a/b.pdf"));
        assert!(r.allowed("/a/b.pdf?x"));
        assert!(Robots::allow_all().allowed("/"));
        assert!(!Robots::disallow_all().allowed("/x"));
    }
}

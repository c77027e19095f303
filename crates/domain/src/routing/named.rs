//! A supplier named in words — by a route script, a rule, a person — found
//! among a category's suppliers.

/// A supplier as it may be named: (id, code, name).
pub type Naming<'a> = (&'a str, &'a str, &'a str);

/// The supplier `answer` names among `suppliers`: by id, else by name
/// (any case), else by code (any case) when only one supplier has it —
/// codes are short and two suppliers may share one. `Ok(None)` for an
/// empty answer (nobody is named: the rotation decides).
pub fn named<'a>(suppliers: &[Naming<'a>], answer: &str) -> Result<Option<&'a str>, String> {
    let answer = answer.trim();
    if answer.is_empty() {
        return Ok(None);
    }
    let key = answer.to_lowercase();
    if let Some((id, _, _)) = suppliers.iter().find(|(id, _, _)| *id == answer) {
        return Ok(Some(id));
    }
    if let Some((id, _, _)) = suppliers
        .iter()
        .find(|(_, _, name)| name.to_lowercase() == key)
    {
        return Ok(Some(id));
    }
    let by_code: Vec<&Naming<'a>> = suppliers
        .iter()
        .filter(|(_, code, _)| code.to_lowercase() == key)
        .collect();
    match by_code.as_slice() {
        [(id, _, _)] => Ok(Some(id)),
        [] => Err(format!("{answer:?} is not a supplier of this category")),
        _ => Err(format!(
            "{answer:?} is the code of {} suppliers: name one by its name or id",
            by_code.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_id_then_name_then_a_code_only_one_has() {
        let s = [
            ("s1", "KILN", "Kiln Works"),
            ("s2", "GLAZE", "Glaze & Co"),
            ("s3", "GLAZE", "Glaze Two"),
        ];
        assert_eq!(named(&s, "s2"), Ok(Some("s2")));
        assert_eq!(named(&s, " kiln works "), Ok(Some("s1")));
        assert_eq!(named(&s, "kiln"), Ok(Some("s1")));
        assert_eq!(named(&s, ""), Ok(None));
        assert!(named(&s, "GLAZE").unwrap_err().contains("2 suppliers"));
        assert!(named(&s, "Nobody").unwrap_err().contains("not a supplier"));
    }
}

//! SHA256withRSA (PKCS#1 v1.5), as Alipay's RSA2 and WeChat Pay's API v3
//! sign: keys read from PEM as the providers hand them out (a merchant's
//! PKCS#8 or PKCS#1 private key; a provider's X.509 SubjectPublicKeyInfo
//! public key), signatures in base64. ring does the arithmetic; it takes a
//! public key as PKCS#1 `RSAPublicKey`, so the SubjectPublicKeyInfo
//! wrapper is taken off here (a few lines of DER, not worth a crate).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ring::signature::{self, RsaKeyPair, UnparsedPublicKey};

/// Why a key could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KeyError(pub String);

/// The DER inside a PEM block (or a bare base64 key, as Alipay's console
/// shows one).
pub fn pem_der(pem: &str) -> Result<Vec<u8>, KeyError> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    STANDARD
        .decode(body)
        .map_err(|e| KeyError(format!("not a PEM key: {e}")))
}

/// A merchant's private key, for signing.
pub struct PrivateKey(RsaKeyPair);

impl PrivateKey {
    /// From PEM: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA
    /// PRIVATE KEY`).
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let der = pem_der(pem)?;
        RsaKeyPair::from_pkcs8(&der)
            .or_else(|_| RsaKeyPair::from_der(&der))
            .map(Self)
            .map_err(|e| KeyError(format!("not an RSA private key: {e}")))
    }

    /// The base64 SHA256withRSA signature of `message`.
    pub fn sign(&self, message: &[u8]) -> Result<String, KeyError> {
        let mut sig = vec![0; self.0.public().modulus_len()];
        self.0
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &ring::rand::SystemRandom::new(),
                message,
                &mut sig,
            )
            .map_err(|e| KeyError(format!("signing failed: {e}")))?;
        Ok(STANDARD.encode(sig))
    }
}

/// A provider's public key, for verifying.
#[derive(Debug, Clone)]
pub struct PublicKey(Vec<u8>);

impl PublicKey {
    /// From PEM or bare base64: SubjectPublicKeyInfo (`BEGIN PUBLIC KEY`)
    /// or PKCS#1 (`BEGIN RSA PUBLIC KEY`).
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let der = pem_der(pem)?;
        let pkcs1 = spki_rsa_key(&der).unwrap_or(&der).to_vec();
        // RSAPublicKey is a SEQUENCE of the modulus and the exponent
        match element(&pkcs1) {
            Some((0x30, _, [])) => Ok(Self(pkcs1)),
            _ => Err(KeyError("not an RSA public key".into())),
        }
    }

    /// Whether `signature_b64` is this key's SHA256withRSA signature of
    /// `message`.
    pub fn verifies(&self, message: &[u8], signature_b64: &str) -> bool {
        let Ok(sig) = STANDARD.decode(signature_b64.trim()) else {
            return false;
        };
        UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &self.0)
            .verify(message, &sig)
            .is_ok()
    }
}

/// One DER element at the start of `der`: (tag, content, rest).
fn element(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |a, b| (a << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The `RSAPublicKey` inside an RSA SubjectPublicKeyInfo.
fn spki_rsa_key(der: &[u8]) -> Option<&[u8]> {
    const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    let (0x30, spki, _) = element(der)? else {
        return None;
    };
    let (0x30, algorithm, rest) = element(spki)? else {
        return None;
    };
    let (0x06, oid, _) = element(algorithm)? else {
        return None;
    };
    if oid != RSA_ENCRYPTION {
        return None;
    }
    let (0x03, bits, _) = element(rest)? else {
        return None;
    };
    let (&unused, key) = bits.split_first()?;
    (unused == 0).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRIVATE: &str = include_str!("../../../../tests/fixtures/pay/alipay_app_private.pem");
    const PUBLIC: &str = include_str!("../../../../tests/fixtures/pay/alipay_app_public.pem");
    const OTHER: &str = include_str!("../../../../tests/fixtures/pay/alipay_platform_public.pem");

    #[test]
    fn a_signature_verifies_under_its_key_only() {
        let key = PrivateKey::from_pem(PRIVATE).unwrap();
        let sig = key.sign(b"app_id=2021&method=x").unwrap();
        let public = PublicKey::from_pem(PUBLIC).unwrap();
        assert!(public.verifies(b"app_id=2021&method=x", &sig));
        assert!(!public.verifies(b"app_id=2021&method=y", &sig));
        assert!(
            !PublicKey::from_pem(OTHER)
                .unwrap()
                .verifies(b"app_id=2021&method=x", &sig)
        );
        assert!(!public.verifies(b"app_id=2021&method=x", "not base64!"));
        // the console's bare base64 is the same key
        let bare: String = PUBLIC.lines().filter(|l| !l.starts_with("-----")).collect();
        assert!(
            PublicKey::from_pem(&bare)
                .unwrap()
                .verifies(b"app_id=2021&method=x", &sig)
        );
        assert!(
            PrivateKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
                .is_err()
        );
    }
}

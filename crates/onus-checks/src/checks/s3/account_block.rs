//! Looking up the account-level public access block that applies to a bucket.

use crate::prelude::*;
use onus_model::resources::s3::{AccountPublicAccessBlock, PublicAccessBlock};

/// The account-level block for the bucket's account, as far as the inventory knows.
pub enum AccountBlock<'a> {
    /// The account-level setting was collected (`None` = not configured).
    Known(Option<&'a PublicAccessBlock>),
    /// The setting exists in the inventory but its value is unknown.
    Unknown(&'a onus_model::Unknown),
    /// The inventory has no account-level setting for this account.
    Absent,
}

impl AccountBlock<'_> {
    /// Why the account-level setting cannot be relied on either way: it is
    /// unknown, or a live inventory lacks it (an IaC source may simply not
    /// declare it, which is not evidence of anything).
    pub fn undecided(&self, cx: &Context<'_>) -> Option<Undecided> {
        match self {
            AccountBlock::Unknown(u) => {
                Some(Undecided::Unknown { attribute: "account_public_access_block", unknown: (*u).clone() })
            }
            AccountBlock::Absent if !cx.inventory.metadata.source.is_iac() => Some(Undecided::Unknown {
                attribute: "account_public_access_block",
                unknown: onus_model::Unknown {
                    cause: onus_model::UnknownCause::NotCollected,
                    detail: Some("the account-level public access block is not in the inventory".to_owned()),
                },
            }),
            _ => None,
        }
    }
}

/// Finds the account-level public access block for `bucket`'s account.
pub fn account_block<'a>(bucket: &Resource, cx: &Context<'a>) -> AccountBlock<'a> {
    let found = cx
        .index
        .typed::<AccountPublicAccessBlock>()
        .find(|(r, _)| r.account.is_some() && r.account == bucket.account);
    match found {
        Some((_, pab)) => match pab.public_access_block.get() {
            Ok(block) => AccountBlock::Known(block.as_ref()),
            Err(u) => AccountBlock::Unknown(u),
        },
        None => AccountBlock::Absent,
    }
}

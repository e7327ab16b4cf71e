// Replacing the service key pair or an agency's (`portsafe keys rotate`).
//
// A rotation makes no key itself: the caller makes the new pair and writes
// its recovery key file once. Here the old private key, and every pair
// retired before it, are sealed to the new public key
// (store::RetiredKeyRow, tag kRetiredKeyTag), so whoever holds the new key
// opens what was sealed to any older one, and a kept copy of an old key
// opens nothing sealed since. The new key is granted again to the accounts
// that held the old one and still may: enabled, of a role that holds that
// key, and with a record that matches its seal (RowSeal). The others lose
// it. Every session of every former holder ends, on every node. For an
// agency, its record takes the new public key and a new seal.
//
// Thread-safety: free functions; the store serialises the writes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "crypto/sealed_box.h"
#include "service/row_seal.h"
#include "store/staff_store.h"

namespace portsafe::service {

// A retired private key is "PSR1" || crypto_box_seal to the current public
// key, bound to the key's name (crypto::SealToTagged).
inline constexpr std::string_view kRetiredKeyTag = "PSR1";

struct Rotation {
  std::vector<std::string> kept;     // e-mail addresses given the new key
  std::vector<std::string> dropped;  // "address: why", for those who lost it
  size_t retired = 0;                // pairs now sealed to the new key
  size_t unreadable = 0;             // retired pairs that no longer opened
};

// Preconditions: `old_pair` is the service key in use (the caller checked it
// against service.pub) and `new_pair` a fresh pair.
Result<Rotation> RotateServiceKey(store::StaffStore* staff, const RowSeal& seal,
                                  const crypto::KeyPair& old_pair, const crypto::KeyPair& new_pair);

// The same for agency `code`; `old_pair` must be the key its record names
// (kInvalidArgument otherwise). kNotFound for an unknown agency,
// kPermissionDenied when its record does not match its seal.
Result<Rotation> RotateAgencyKey(store::StaffStore* staff, const RowSeal& seal,
                                 const std::string& code, const crypto::KeyPair& old_pair,
                                 const crypto::KeyPair& new_pair);

// The retired pairs of `key_name`, opened with the current pair; one that
// does not open (sealed to another key, or damaged) is left out. Each
// pair's public half comes from its private key, never from the database.
Result<std::vector<crypto::KeyPair>> OpenRetiredKeys(store::StaffStore* staff,
                                                     const std::string& key_name,
                                                     const crypto::KeyPair& current);

}  // namespace portsafe::service

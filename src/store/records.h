// Rows as the store keeps them. Only the fields marked "clear" are readable
// without keys (see docs/security.md, "What is stored in clear"); every other
// byte string is ciphertext produced by crypto/report_cipher.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace portsafe::store {

struct FileRow {
  std::string report_id;
  std::int64_t seq = 0;     // assigned by the store
  std::string wrapped_key;  // file key sealed with the content key
  std::string sealed_meta;  // name, type, size, whether re-encoded: sealed
  std::string content;      // secretstream ciphertext
};

struct MessageRow {
  std::string report_id;
  std::int64_t seq = 0;  // assigned by the store, 1-based
  std::string author;    // clear: "reporter" or "service"
  std::string sent_on;   // clear: date only, YYYY-MM-DD
  std::string body;      // sealed with the content key
};

struct ReportRow {
  std::string id;                   // clear: 32 random hex digits
  std::string lookup_id;            // keyed hash of the receipt (32 bytes)
  std::string port_code;            // clear
  std::string facility_code;        // clear, may be empty
  std::string category;             // clear
  std::string status;               // clear
  int priority = 0;                 // clear
  std::string received_on;          // clear: date only, YYYY-MM-DD
  std::string sealed_key;           // content key sealed to the service public key
  std::string receipt_wrapped_key;  // content key wrapped under the receipt key
  std::string body;                 // report fields, sealed with the content key
};

struct Facility {
  std::string code;       // e.g. "GBFXT-TRINITY"
  std::string port_code;  // e.g. "GBFXT"
  std::string name;
};

struct PortRow {
  std::string code, name, subdivision, status;
};

}  // namespace portsafe::store

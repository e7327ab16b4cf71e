// The port directory: every UK seaport from UN/LOCODE, loaded into memory for
// search. Read-only after construction, so it is safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace portsafe::core {

struct Port {
  std::string code;         // UN/LOCODE, e.g. "GBFXT"
  std::string name;         // e.g. "Felixstowe"
  std::string subdivision;  // e.g. "SFK"
  std::string status;       // UN/LOCODE status, e.g. "AF"
};

// Parses the CSV shipped in assets/data (header: unlocode,name,subdivision,
// status,lat,lon). kInvalidArgument with the line number on a bad row.
Result<std::vector<Port>> ParsePortCsv(std::string_view csv);

class PortDirectory {
 public:
  PortDirectory() = default;
  explicit PortDirectory(std::vector<Port> ports);

  // nullptr when `code` (any case) is not in the directory.
  const Port* Find(std::string_view code) const;

  // Ports whose code or name matches `query` (case-insensitive): exact code,
  // exact name, name prefix, then a word of the name beginning with it;
  // approved entries before requested ones; at most `limit`. "Port of Tyne"
  // and "Felixstowe port" are read as "Tyne" and "Felixstowe", and a Welsh
  // name as its port ("Caergybi": Holyhead). `tolerant` adds, after those,
  // names one or two typing mistakes away ("Felixtowe"), the nearest first.
  std::vector<const Port*> Search(std::string_view query, size_t limit,
                                  bool tolerant = false) const;

  // Turns what a reporter typed into one port: a code, an exact name, "Name
  // (CODE)" as shown in lists, or a query with exactly one match.
  // kNotFound when nothing matches, kInvalidArgument when several do.
  Result<const Port*> Resolve(std::string_view text) const;

  size_t size() const { return ports_.size(); }
  // Every port, sorted by code.
  const std::vector<Port>& all() const { return ports_; }

 private:
  std::vector<Port> ports_;  // sorted by code
};

// "Felixstowe (GBFXT)"
std::string PortLabel(const Port& p);

// A major port's operator group and freeport (assets/data/major-ports.csv,
// header: unlocode,name,operator_group,freeport,lat,lon), so that figures
// can be grouped by them. Either may be empty.
struct PortGroup {
  std::string code;
  std::string name;
  std::string operator_group;
  std::string freeport;
};
// kInvalidArgument with the line number on a bad row.
Result<std::vector<PortGroup>> ParsePortGroupCsv(std::string_view csv);

}  // namespace portsafe::core

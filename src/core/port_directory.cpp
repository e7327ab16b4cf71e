#include "core/port_directory.h"

#include <algorithm>

#include "core/text.h"

namespace portsafe::core {
namespace {

std::vector<std::string_view> SplitCsvLine(std::string_view line) {
  // The directory CSV has no quoted fields; a quote is a data error.
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      out.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool Approved(const Port& p) { return p.status.size() == 2 && p.status[0] == 'A'; }

}  // namespace

namespace {

// The four leading fields of every data row of a directory CSV (header line
// skipped, CRLF accepted, no quoting): code of 5 characters, a name, and two
// more. kInvalidArgument naming `what` and the line on a bad row.
template <typename Row>
Result<std::vector<Row>> ParseFourFieldCsv(std::string_view csv, const char* what) {
  std::vector<Row> out;
  size_t line_no = 0;
  while (!csv.empty()) {
    size_t nl = csv.find('\n');
    std::string_view line = csv.substr(0, nl);
    csv = nl == std::string_view::npos ? std::string_view() : csv.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line_no == 1) continue;
    if (line.find('"') != std::string_view::npos) {
      return InvalidArgument(std::string(what) + " line " + std::to_string(line_no) +
                             ": quotes not supported");
    }
    auto f = SplitCsvLine(line);
    if (f.size() < 4 || f[0].size() != 5 || f[1].empty()) {
      return InvalidArgument(std::string(what) + " line " + std::to_string(line_no) +
                             ": malformed");
    }
    out.push_back({std::string(f[0]), std::string(f[1]), std::string(f[2]), std::string(f[3])});
  }
  return out;
}

}  // namespace

Result<std::vector<Port>> ParsePortCsv(std::string_view csv) {
  return ParseFourFieldCsv<Port>(csv, "port CSV");
}

Result<std::vector<PortGroup>> ParsePortGroupCsv(std::string_view csv) {
  return ParseFourFieldCsv<PortGroup>(csv, "major ports CSV");
}

PortDirectory::PortDirectory(std::vector<Port> ports) : ports_(std::move(ports)) {
  std::sort(ports_.begin(), ports_.end(),
            [](const Port& a, const Port& b) { return a.code < b.code; });
}

const Port* PortDirectory::Find(std::string_view code) const {
  std::string up = text::Upper(text::Trim(code));
  auto it = std::lower_bound(ports_.begin(), ports_.end(), up,
                             [](const Port& p, const std::string& c) { return p.code < c; });
  return it != ports_.end() && it->code == up ? &*it : nullptr;
}

std::vector<const Port*> PortDirectory::Search(std::string_view query, size_t limit) const {
  std::string q = text::Lower(text::Trim(query));
  if (q.empty()) return {};
  struct Hit {
    int rank;
    const Port* p;
  };
  std::vector<Hit> hits;
  for (const Port& p : ports_) {
    std::string code = text::Lower(p.code);
    std::string name = text::Lower(p.name);
    int rank;
    if (code == q) {
      rank = 0;
    } else if (name == q) {
      rank = 1;
    } else if (name.rfind(q, 0) == 0) {
      rank = 2;
    } else if (code.rfind(q, 0) == 0 && q.size() >= 3) {
      rank = 3;
    } else if (name.find(q) != std::string::npos) {
      rank = 4;
    } else {
      continue;
    }
    hits.push_back({rank * 2 + (Approved(p) ? 0 : 1), &p});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.p->name < b.p->name;
  });
  std::vector<const Port*> out;
  for (const auto& h : hits) {
    if (out.size() == limit) break;
    out.push_back(h.p);
  }
  return out;
}

Result<const Port*> PortDirectory::Resolve(std::string_view text) const {
  std::string_view t = text::Trim(text);
  if (t.empty()) return NotFound("no port given");
  if (const Port* p = Find(t)) return p;
  // "Name (CODE)" as printed by PortLabel.
  if (t.size() > 8 && t.back() == ')') {
    size_t open = t.rfind('(');
    if (open != std::string_view::npos) {
      if (const Port* p = Find(t.substr(open + 1, t.size() - open - 2))) return p;
    }
  }
  auto hits = Search(t, 2);
  std::string lower = text::Lower(t);
  std::vector<const Port*> exact;
  for (const Port& p : ports_) {
    if (text::Lower(p.name) == lower) exact.push_back(&p);
  }
  if (exact.size() == 1) return exact.front();
  if (exact.size() > 1) return InvalidArgument("several ports have that name");
  if (hits.size() == 1) return hits.front();
  if (hits.empty()) return NotFound("no port matches");
  return InvalidArgument("several ports match");
}

std::string PortLabel(const Port& p) { return p.name + " (" + p.code + ")"; }

}  // namespace portsafe::core

#include "service/figures_publisher.h"

#include <algorithm>
#include <boost/json.hpp>
#include <deque>
#include <map>
#include <set>

#include "core/approach.h"
#include "core/category.h"
#include "core/handling.h"
#include "core/routing.h"

namespace portsafe::service {
namespace {

using core::Dimension;
using core::Disclosure;
using core::FigureTable;
using core::LinkedCounts;

// Where reports came from, as finely as any table tells places apart: a
// port with a row of its own ("other" for the rest) and the facility, if
// any.
struct Place {
  std::string port;
  std::string facility;
  auto operator<=>(const Place&) const = default;
};

// One table being built: its cells' keys and labels, and for each the
// index of its cell in the LinkedCounts.
struct TableDraft {
  std::string id, title;
  Dimension dimension;
  std::vector<std::pair<std::string, std::string>> rows;  // key, label
  std::vector<int> cells;
};

// Builds a LinkedCounts from named atoms and tables of sums of them.
class Linker {
 public:
  // The atom for `name`, made (with count 0) on first use.
  int Atom(const std::string& name) {
    auto [it, added] = atoms_.emplace(name, static_cast<int>(values_.size()));
    if (added) values_.push_back(0);
    return it->second;
  }
  void Add(const std::string& name, std::int64_t n) { values_[Atom(name)] += n; }
  int Cell(std::vector<int> atoms) {
    std::int64_t sum = 0;
    for (int a : atoms) sum += values_[a];
    counts_.cells.push_back({std::move(atoms), sum});
    return static_cast<int>(counts_.cells.size()) - 1;
  }
  void Bound(std::vector<int> part, std::vector<int> whole) {
    counts_.bounds.push_back({std::move(part), std::move(whole)});
  }
  // Cell values are fixed when made: add every count before any cell.
  LinkedCounts Take() {
    counts_.atoms = static_cast<int>(values_.size());
    return std::move(counts_);
  }
  std::int64_t Value(int cell) const { return counts_.cells[cell].value; }

 private:
  std::map<std::string, int> atoms_;
  std::vector<std::int64_t> values_;
  LinkedCounts counts_;
};

std::string AtomName(const Place& p, std::string_view what) {
  return p.port + "|" + p.facility + "|" + std::string(what);
}

template <typename Keys>
std::vector<std::string> KeysOf(const Keys& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) out.emplace_back(k);
  return out;
}

std::vector<std::string> CategoryKeys() {
  std::vector<std::string> out;
  for (const auto& c : core::Categories()) out.emplace_back(c.key);
  return out;
}

// Protects one block of linked tables and writes them out.
void Finish(Linker& linker, const std::deque<TableDraft>& drafts,
            const std::vector<std::vector<FigureTable>*>& targets) {
  // Cell values are read before Take() moves them.
  std::vector<std::vector<std::int64_t>> values;
  for (const auto& d : drafts) {
    values.emplace_back();
    for (int c : d.cells) values.back().push_back(linker.Value(c));
  }
  LinkedCounts counts = linker.Take();
  const std::vector<Disclosure> disclosure = core::ProtectCells(counts);
  for (size_t t = 0; t < drafts.size(); ++t) {
    FigureTable table{drafts[t].id, drafts[t].title, drafts[t].dimension, {}, "", ""};
    for (size_t r = 0; r < drafts[t].rows.size(); ++r) {
      table.rows.push_back(core::MonthCell(drafts[t].rows[r].first, drafts[t].rows[r].second,
                                           values[t][r], disclosure[drafts[t].cells[r]]));
    }
    targets[t]->push_back(std::move(table));
  }
}

}  // namespace

MonthFigures PublishMonth(const MonthInputs& in) {
  MonthFigures out;
  out.month = in.month;
  const auto& groups = *in.groups;
  std::map<std::string, const core::PortGroup*> group_of;
  for (const auto& g : groups) group_of[g.code] = &g;
  // A facility that joined after the month had nothing in it, and its
  // managers know when it joined: it has no tables that month, and no
  // unknowns in the programme that a reader could not also rule out.
  std::map<std::string, const store::Facility*> facility_of;
  for (const auto& f : *in.facilities) {
    if (f.joined_on.size() >= 7 && f.joined_on.substr(0, 7) > in.month) continue;
    facility_of[f.code] = &f;
  }

  std::vector<const store::TallyRow*> rows;
  for (const auto& r : *in.tallies) {
    if (r.month == in.month && r.count > 0) rows.push_back(&r);
  }
  // Every port outside the directory is counted under "other ports": a row
  // that appeared only for a big enough count would say so by being there.
  auto port_key = [&](const std::string& code) {
    return group_of.count(code) ? code : std::string("other");
  };
  auto place_of = [&](const store::TallyRow& r) {
    return Place{port_key(r.port_code), r.facility_code};
  };

  std::set<Place> places;
  for (const auto& g : groups) places.insert({g.code, ""});
  places.insert({"other", ""});
  for (const auto& [code, f] : facility_of) places.insert({port_key(f->port_code), code});
  for (const auto* r : rows) places.insert(place_of(*r));

  auto freeport_of = [&](const Place& p) {
    auto it = group_of.find(p.port);
    return it != group_of.end() && !it->second->freeport.empty() ? it->second->freeport
                                                                 : std::string("none");
  };
  auto operator_of = [&](const Place& p) {
    auto f = facility_of.find(p.facility);
    if (f != facility_of.end() && f->second != nullptr && !f->second->operator_group.empty()) {
      return f->second->operator_group;
    }
    auto g = group_of.find(p.port);
    return g != group_of.end() && !g->second->operator_group.empty() ? g->second->operator_group
                                                                     : std::string("other");
  };
  std::vector<std::string> facility_codes;
  for (const auto& [code, f] : facility_of) facility_codes.push_back(code);
  for (const auto* r : rows) {
    if (!r->facility_code.empty() && !facility_of.count(r->facility_code)) {
      facility_codes.push_back(r->facility_code);
      facility_of[r->facility_code] = nullptr;
    }
  }
  for (const auto& code : facility_codes) out.facilities[code];

  const auto categories = CategoryKeys();
  const auto insider_types = KeysOf(core::kInsiderTypes);
  const auto agency_kinds = KeysOf(core::kAgencyKinds);
  const auto outcomes = KeysOf(core::kOutcomes);

  // Reports, with the insider types of facilities' reports.
  {
    Linker l;
    for (const auto& p : places) {
      for (const auto& c : categories) l.Atom(AtomName(p, "reports/" + c));
      if (!p.facility.empty()) {
        for (const auto& t : insider_types) l.Atom(AtomName(p, "insider/" + t));
      }
    }
    for (const auto* r : rows) {
      const Place p = place_of(*r);
      if (r->metric == "reports") l.Add(AtomName(p, "reports/" + r->key), r->count);
      if (r->metric == "insider" && !p.facility.empty()) {
        l.Add(AtomName(p, "insider/" + r->key), r->count);
      }
    }
    // Everyone knows that a place's insider reports are some of its reports.
    for (const auto& p : places) {
      if (p.facility.empty()) continue;
      std::vector<int> part, whole;
      for (const auto& t : insider_types) part.push_back(l.Atom(AtomName(p, "insider/" + t)));
      for (const auto& c : categories) whole.push_back(l.Atom(AtomName(p, "reports/" + c)));
      l.Bound(std::move(part), std::move(whole));
    }
    auto reports_where = [&](auto pred) {
      std::vector<int> atoms;
      for (const auto& p : places) {
        for (const auto& c : categories) {
          if (pred(p, c)) atoms.push_back(l.Atom(AtomName(p, "reports/" + c)));
        }
      }
      return atoms;
    };
    std::deque<TableDraft> drafts;
    std::vector<std::vector<FigureTable>*> targets;
    auto draft = [&](std::vector<FigureTable>* target, std::string id, std::string title,
                     Dimension d) -> TableDraft& {
      targets.push_back(target);
      drafts.push_back({std::move(id), std::move(title), d, {}, {}});
      return drafts.back();
    };
    auto row = [&](TableDraft& t, std::string key, std::string label, std::vector<int> atoms) {
      t.rows.emplace_back(std::move(key), std::move(label));
      t.cells.push_back(l.Cell(std::move(atoms)));
    };

    auto& total = draft(&out.national, "reports-total", "Reports", Dimension::kMonth);
    row(total, in.month, "", reports_where([](const Place&, const std::string&) { return true; }));

    std::set<std::string> freeports, operators;
    for (const auto& g : groups) {
      if (!g.freeport.empty()) freeports.insert(g.freeport);
      if (!g.operator_group.empty()) operators.insert(g.operator_group);
    }
    for (const auto& f : *in.facilities) {
      if (!f.operator_group.empty()) operators.insert(f.operator_group);
    }
    auto& by_freeport =
        draft(&out.national, "reports-by-freeport", "Reports by freeport", Dimension::kFreeport);
    for (const auto& f : freeports) {
      row(by_freeport, f, "",
          reports_where([&](const Place& p, const std::string&) { return freeport_of(p) == f; }));
    }
    row(by_freeport, "none", "Not in a freeport",
        reports_where(
            [&](const Place& p, const std::string&) { return freeport_of(p) == "none"; }));
    auto& by_operator = draft(&out.national, "reports-by-operator", "Reports by port operator",
                              Dimension::kOperator);
    for (const auto& o : operators) {
      row(by_operator, o, "",
          reports_where([&](const Place& p, const std::string&) { return operator_of(p) == o; }));
    }
    row(by_operator, "other", "Other operators",
        reports_where(
            [&](const Place& p, const std::string&) { return operator_of(p) == "other"; }));
    auto& by_port = draft(&out.national, "reports-by-port", "Reports by port", Dimension::kPort);
    std::vector<std::string> port_rows;
    for (const auto& g : groups) port_rows.push_back(g.code);
    for (const auto& code : port_rows) {
      const core::Port* port = in.ports ? in.ports->Find(code) : nullptr;
      row(by_port, code, port ? core::PortLabel(*port) : code,
          reports_where([&](const Place& p, const std::string&) { return p.port == code; }));
    }
    row(by_port, "other", "Other ports",
        reports_where([](const Place& p, const std::string&) { return p.port == "other"; }));
    // Approaches to recruit an insider (core/approach.h), by port: the same
    // atoms, so protected together with every other table of the month.
    auto& approaches = draft(&out.national, "approaches-by-port",
                             "Approaches to recruit an insider, by port", Dimension::kPort);
    auto approach_at = [&](const std::string& code) {
      return reports_where([&](const Place& p, const std::string& k) {
        return p.port == code && k == core::kApproachCategory;
      });
    };
    for (const auto& code : port_rows) {
      const core::Port* port = in.ports ? in.ports->Find(code) : nullptr;
      row(approaches, code, port ? core::PortLabel(*port) : code, approach_at(code));
    }
    row(approaches, "other", "Other ports", approach_at("other"));
    auto& by_category =
        draft(&out.national, "reports-by-category", "Reports by category", Dimension::kCategory);
    for (const auto& c : categories) {
      row(by_category, c, "",
          reports_where([&](const Place&, const std::string& k) { return k == c; }));
    }
    for (const auto& code : facility_codes) {
      auto* target = &out.facilities[code];
      auto at = [&code](const Place& p) { return p.facility == code; };
      auto& f_total = draft(target, "reports-total", "Reports", Dimension::kMonth);
      row(f_total, in.month, "",
          reports_where([&](const Place& p, const std::string&) { return at(p); }));
      auto& f_category =
          draft(target, "reports-by-category", "Reports by category", Dimension::kCategory);
      for (const auto& c : categories) {
        row(f_category, c, "",
            reports_where([&](const Place& p, const std::string& k) { return at(p) && k == c; }));
      }
      auto& f_insider = draft(target, "reports-by-insider-type", "Reports by insider type",
                              Dimension::kInsiderType);
      for (const auto& t : insider_types) {
        std::vector<int> atoms;
        for (const auto& p : places) {
          if (at(p)) atoms.push_back(l.Atom(AtomName(p, "insider/" + t)));
        }
        row(f_insider, t, "", std::move(atoms));
      }
    }
    Finish(l, drafts, targets);
  }

  // Outcomes (nationally and by facility) and disseminations (by facility):
  // counted by facility, or none, and kind; no table links them to reports.
  {
    Linker l;
    std::vector<std::string> sources = facility_codes;
    sources.push_back("");
    for (const auto& s : sources) {
      for (const auto& k : outcomes) l.Atom(AtomName({"", s}, "outcomes/" + k));
    }
    for (const auto* r : rows) {
      if (r->metric == "outcomes")
        l.Add(AtomName({"", r->facility_code}, "outcomes/" + r->key), r->count);
    }
    std::deque<TableDraft> drafts;
    std::vector<std::vector<FigureTable>*> targets;
    targets.push_back(&out.national);
    drafts.push_back(
        {"outcomes-by-kind", "Outcomes reported by agencies", Dimension::kOutcome, {}, {}});
    for (const auto& k : outcomes) {
      std::vector<int> atoms;
      for (const auto& s : sources) atoms.push_back(l.Atom(AtomName({"", s}, "outcomes/" + k)));
      drafts.back().rows.emplace_back(k, "");
      drafts.back().cells.push_back(l.Cell(std::move(atoms)));
    }
    for (const auto& code : facility_codes) {
      targets.push_back(&out.facilities[code]);
      drafts.push_back(
          {"outcomes-by-kind", "Outcomes reported by agencies", Dimension::kOutcome, {}, {}});
      for (const auto& k : outcomes) {
        drafts.back().rows.emplace_back(k, "");
        drafts.back().cells.push_back(l.Cell({l.Atom(AtomName({"", code}, "outcomes/" + k))}));
      }
    }
    Finish(l, drafts, targets);
  }
  {
    Linker l;
    for (const auto* r : rows) {
      if (r->metric == "disseminations" && !r->facility_code.empty()) {
        l.Add(AtomName({"", r->facility_code}, "disseminations/" + r->key), r->count);
      }
    }
    std::deque<TableDraft> drafts;
    std::vector<std::vector<FigureTable>*> targets;
    for (const auto& code : facility_codes) {
      targets.push_back(&out.facilities[code]);
      drafts.push_back({"disseminations-by-agency",
                        "Intelligence passed on, by kind of agency",
                        Dimension::kAgencyKind,
                        {},
                        {}});
      for (const auto& k : agency_kinds) {
        drafts.back().rows.emplace_back(k, "");
        drafts.back().cells.push_back(
            l.Cell({l.Atom(AtomName({"", code}, "disseminations/" + k))}));
      }
    }
    Finish(l, drafts, targets);
  }
  // Lessons completed through each facility's learning link (/learn): no
  // table links them to reports. A row for every lesson, and one for the
  // lessons since withdrawn, always there: a row says nothing by being
  // there.
  {
    std::set<std::string> offered;
    if (in.lessons != nullptr) {
      for (const auto& [id, title] : *in.lessons) offered.insert(id);
    }
    auto atom_of = [&offered](const std::string& key) {
      return "lessons/" + (offered.count(key) ? key : std::string("other"));
    };
    Linker l;
    for (const auto* r : rows) {
      if (r->metric == "lessons" && !r->facility_code.empty()) {
        l.Add(AtomName({"", r->facility_code}, atom_of(r->key)), r->count);
      }
    }
    std::deque<TableDraft> drafts;
    std::vector<std::vector<FigureTable>*> targets;
    for (const auto& code : facility_codes) {
      targets.push_back(&out.facilities[code]);
      drafts.push_back({"lessons-completed", "Lessons completed", Dimension::kLesson, {}, {}});
      std::vector<std::pair<std::string, std::string>> lessons;
      if (in.lessons != nullptr) lessons = *in.lessons;
      lessons.emplace_back("other", "Lessons no longer offered");
      for (const auto& [id, title] : lessons) {
        drafts.back().rows.emplace_back(id, title);
        drafts.back().cells.push_back(l.Cell({l.Atom(AtomName({"", code}, "lessons/" + id))}));
      }
    }
    Finish(l, drafts, targets);
  }
  return out;
}

namespace {

boost::json::array TablesJson(const std::vector<FigureTable>& tables) {
  boost::json::array out;
  for (const auto& t : tables) {
    boost::json::array rows;
    for (const auto& r : t.rows) {
      rows.push_back({{"key", r.key},
                      {"label", r.label},
                      {"state", core::ToString(r.state)},
                      {"count", r.count}});
    }
    out.push_back({{"id", t.id},
                   {"title", t.title},
                   {"dimension", core::ToString(t.dimension)},
                   {"rows", std::move(rows)}});
  }
  return out;
}

std::optional<Dimension> ParseDimension(std::string_view s) {
  for (Dimension d : {Dimension::kMonth, Dimension::kCategory, Dimension::kInsiderType,
                      Dimension::kAgencyKind, Dimension::kOutcome, Dimension::kPort,
                      Dimension::kFreeport, Dimension::kOperator, Dimension::kLesson}) {
    if (core::ToString(d) == s) return d;
  }
  return std::nullopt;
}

std::optional<std::vector<FigureTable>> ParseTables(const boost::json::value& v) {
  const auto* arr = v.if_array();
  if (!arr) return std::nullopt;
  std::vector<FigureTable> out;
  for (const auto& tv : *arr) {
    const auto* t = tv.if_object();
    if (!t) return std::nullopt;
    const auto* id = t->if_contains("id");
    const auto* title = t->if_contains("title");
    const auto* dim = t->if_contains("dimension");
    const auto* rows = t->if_contains("rows");
    if (!id || !id->is_string() || !title || !title->is_string() || !dim || !dim->is_string() ||
        !rows || !rows->is_array()) {
      return std::nullopt;
    }
    auto d = ParseDimension(dim->get_string());
    if (!d) return std::nullopt;
    FigureTable table{
        std::string(id->get_string()), std::string(title->get_string()), *d, {}, "", ""};
    for (const auto& rv : rows->get_array()) {
      const auto* r = rv.if_object();
      if (!r) return std::nullopt;
      const auto* key = r->if_contains("key");
      const auto* label = r->if_contains("label");
      const auto* state = r->if_contains("state");
      const auto* count = r->if_contains("count");
      if (!key || !key->is_string() || !label || !label->is_string() || !state ||
          !state->is_string() || !count || !count->is_int64()) {
        return std::nullopt;
      }
      auto s = core::ParseCellState(state->get_string());
      if (!s) return std::nullopt;
      table.rows.push_back({std::string(key->get_string()), std::string(label->get_string()), *s,
                            count->get_int64()});
    }
    out.push_back(std::move(table));
  }
  return out;
}

}  // namespace

std::string EncodeMonth(const MonthFigures& m) {
  boost::json::object facilities;
  for (const auto& [code, tables] : m.facilities) facilities[code] = TablesJson(tables);
  return boost::json::serialize(boost::json::object{{"month", m.month},
                                                    {"national", TablesJson(m.national)},
                                                    {"facilities", std::move(facilities)}});
}

Result<MonthFigures> DecodeMonth(std::string_view body) {
  auto bad = [] { return Internal("a stored month of figures is damaged"); };
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return bad();
  const auto& o = v.get_object();
  const auto* month = o.if_contains("month");
  const auto* national = o.if_contains("national");
  const auto* facilities = o.if_contains("facilities");
  if (!month || !month->is_string() || !national || !facilities || !facilities->is_object()) {
    return bad();
  }
  MonthFigures m;
  m.month = std::string(month->get_string());
  auto n = ParseTables(*national);
  if (!n) return bad();
  m.national = std::move(*n);
  for (const auto& [code, tables] : facilities->get_object()) {
    auto t = ParseTables(tables);
    if (!t) return bad();
    m.facilities[std::string(code)] = std::move(*t);
  }
  return m;
}

const FigureTable* FindTable(const std::vector<FigureTable>& tables, std::string_view id) {
  for (const auto& t : tables) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

}  // namespace portsafe::service

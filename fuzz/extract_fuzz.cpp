// Fuzzes the identifier extractor (intel/extractor.h) with any bytes. Every
// identifier must lie inside the input, come in order without overlapping,
// have a value, and its JSON line must read back; extracting the input in
// two pieces cut at a line break must find the same identifiers, at the same
// offsets. The same bytes also go to the decoder of a report's entry list
// (what the link index seals): whatever it accepts must encode back to the
// same bytes. And the bytes as an approach's handle (intel/handle.h): a
// handle read from them is 2 to 64 of [a-z0-9._-] and reads as itself.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/port_directory.h"
#include "intel/blind_index.h"
#include "intel/check_digits.h"
#include "intel/extractor.h"
#include "intel/handle.h"
#include "service/facilities.h"

namespace {

const portsafe::core::PortDirectory& Ports() {
  static const portsafe::core::PortDirectory ports(*portsafe::service::LoadSeedPorts());
  return ports;
}

bool Same(const portsafe::intel::Identifier& a, const portsafe::intel::Identifier& b) {
  return a.kind == b.kind && a.start == b.start && a.end == b.end && a.value == b.value &&
         a.valid == b.valid;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace portsafe::intel;
  static const Extractor ex({&Ports(), {2026, 11}});
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto ids = ex.Extract(in);
  size_t last_end = 0;
  for (const auto& id : ids) {
    if (id.start >= id.end || id.end > size || id.start < last_end || id.value.empty()) {
      __builtin_trap();
    }
    last_end = id.end;
    std::string line;
    const std::string_view written = in.substr(id.start, id.end - id.start);
    AppendJsonLine(id, written, &Ports(), &line);
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    if (ec || v.at("text").as_string() != written) __builtin_trap();
    if (id.kind == Kind::kContainer && id.value.size() == 11) {
      for (const auto& n : ContainerNeighbours(id.value)) {
        if (ContainerCheckDigit(n) != n[10]) __builtin_trap();
      }
    }
  }
  if (auto record = DecodeRecord(in);
      record.ok() &&
      EncodeEntries(record->entries, record->sketch ? &*record->sketch : nullptr) != in) {
    __builtin_trap();
  }
  if (auto h = NormaliseHandle(in); h) {
    if (h->size() < 2 || h->size() > 64 || NormaliseHandle(*h) != h) __builtin_trap();
    for (char c : *h) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
        __builtin_trap();
      }
    }
  }
  size_t nl = in.find('\n');
  if (nl != std::string_view::npos) {
    std::vector<Identifier> pieces;
    ex.ExtractInto(in.substr(0, nl + 1), 0, &pieces);
    ex.ExtractInto(in.substr(nl + 1), nl + 1, &pieces);
    if (pieces.size() != ids.size()) __builtin_trap();
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!Same(ids[i], pieces[i])) __builtin_trap();
    }
  }
  return 0;
}

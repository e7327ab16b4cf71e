// Micro-benchmarks for the two costs that dominate taking a report:
// sealing the content key to the service key, and the durable insert.
//   cmake -S . -B build -DPORTSAFE_BENCH=ON && ninja -C build portsafe_microbench
//   build/bench/portsafe_microbench
#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>
#include <future>

#include "crypto/aead.h"
#include "crypto/sealed_box.h"
#include "crypto/service_sealer.h"
#include "intel/blind_index.h"
#include "store/sql_store.h"

namespace {

using namespace portsafe;

void BM_SealedBoxPerReport(benchmark::State& state) {
  auto kp = crypto::GenerateKeyPair();
  auto ck = crypto::NewAeadKey();
  for (auto _ : state) benchmark::DoNotOptimize(crypto::SealTo(kp.public_key, ck.view()));
}
BENCHMARK(BM_SealedBoxPerReport);

void BM_ServiceSealerPerReport(benchmark::State& state) {
  auto kp = crypto::GenerateKeyPair();
  crypto::ServiceSealer sealer(kp.public_key, SystemClock::Get());
  auto ck = crypto::NewAeadKey();
  for (auto _ : state) {
    auto t = sealer.NewReport();
    benchmark::DoNotOptimize(crypto::ServiceSealer::Seal(t, ck));
  }
}
BENCHMARK(BM_ServiceSealerPerReport);

// Durable inserts through the group-commit writer, with report ids random
// (arg 0) or clustered by sealing epoch (arg 1), 64 writes in flight.
void BM_StoreInsert(benchmark::State& state) {
  std::string dir = "/tmp/portsafe-microbench-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = store::SqlStore::OpenSqlite(dir + "/db");
  auto kp = crypto::GenerateKeyPair();
  crypto::ServiceSealer sealer(kp.public_key, SystemClock::Get());
  std::atomic<long> pending{0};
  for (auto _ : state) {
    store::ReportRow r;
    r.id = crypto::ToHex(crypto::RandomBytes(16));
    if (state.range(0)) {
      auto t = sealer.NewReport();
      r.id = t.report_id;
      r.lookup_id = std::string(1, static_cast<char>(t.receipt_bucket >> 5)) +
                    static_cast<char>(t.receipt_bucket & 31) + crypto::RandomBytes(30);
    } else {
      r.lookup_id = crypto::RandomBytes(32);
    }
    r.port_code = "GBFXT";
    r.category = "drugs";
    r.status = core::ReportStatus::kNew;
    r.received_on = "2026-11-26";
    r.sealed_key = crypto::RandomBytes(108);
    r.receipt_wrapped_key = crypto::RandomBytes(72);
    r.body = crypto::RandomBytes(450);
    ++pending;
    (*store)->reports().CreateReport(std::move(r), {}, [&pending](Status) { --pending; });
    while (pending.load() > 64) std::this_thread::yield();
  }
  while (pending.load() > 0) std::this_thread::yield();
  state.SetItemsProcessed(state.iterations());
  store->reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_StoreInsert)->Arg(0)->Arg(1)->Iterations(200000)->UseRealTime();

}  // namespace

namespace {

// The link index's per-posting work: a term (keyed BLAKE2b of kind and
// value) and a ref (the report id sealed to the term).
void BM_LinkTerm(benchmark::State& state) {
  auto kp = crypto::GenerateKeyPair();
  intel::BlindIndex index(kp.private_key);
  std::vector<intel::BlindIndex::TermBytes> out;
  const intel::Entry e{intel::Kind::kVrmGb, "AB12CDE", true};
  for (auto _ : state) {
    out.clear();
    index.PostingTerms(e, &out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_LinkTerm);

void BM_LinkSealRef(benchmark::State& state) {
  auto kp = crypto::GenerateKeyPair();
  intel::BlindIndex index(kp.private_key);
  intel::BlindIndex::TermBytes term{};
  intel::BlindIndex::IdBytes id{};
  intel::BlindIndex::RefBytes ref;
  for (auto _ : state) {
    index.SealRef(term, id, &ref);
    benchmark::DoNotOptimize(ref.data());
  }
}
BENCHMARK(BM_LinkSealRef);

}  // namespace

// Reference outputs and timings of FastJet 3.4 for nphunt's jet package (org.nphunt.jet).
//
// Build (Debian: apt-get install libfastjet-dev zlib1g-dev):
//   g++ -O2 -std=c++17 -o /tmp/jets_reference nphunt-bench/src/main/cpp/jets/jets_reference.cc \
//       $(fastjet-config --cxxflags --libs) -lz
//
// Modes (inputs are written by nphunt-bench/src/main/python/jets/make_jet_fixtures.py):
//   jets_reference lhco   FILE.npj.gz NEVENTS   > reference text (first NEVENTS LHC Olympics events)
//   jets_reference random FILE.txt.gz           > reference text (seeded random massive events)
//   jets_reference bench  FILE.npj.gz REPEATS [R] [STRATEGY]
//                                              anti-kT R (default 1.0) on every event, REPEATS
//                                              timed passes after one warm-up pass; prints the
//                                              events/s of each pass and their median. STRATEGY:
//                                              best (default), tiled, plain.
//
// Reference text (all floating-point numbers printed with %.17g):
//   C <set> <alg> <R> <event> <njets>       one block per clustering (inclusive jets, pT-ordered)
//   J px py pz E rap phi m ncon i1 i2 ...     one line per jet, constituents sorted ascending
//   X <set> <R> <event> <jet> <n> <count>   exclusive kT axes (R = 1000) of a leading anti-kT jet
//   S px py pz E ncon i1 ...                  one line per exclusive jet (history order)
//   D <set> <R> <event> <jet> d0 d1 d2 d3    exclusive_dmerge(0..3) of that kT reclustering
//   T <set> <R> <event> <jet> tau1 tau2 tau3 N-subjettiness (beta 1, R0 = R, exclusive-kT axes)
//   G <set> <R> <event> <jet> px py pz E m ncon   soft drop (beta 0, zcut 0.1, R0 = R)
//   U <set> <R> <event> <mode> <arg> <count>  exclusive_subjets of the leading kT jet of the event:
//                                              mode n (arg = nsub) or dcut (arg = dcut [GeV^2])
//   S ... as above, one per subjet
//
// Particles of LHCO events are built as nphunt builds them: px = pT cos phi, py = pT sin phi,
// pz = pT sinh eta, E = pT cosh eta. The clustering strategy is chosen as nphunt's BEST does
// (N2Plain for n <= 30, N2Tiled above) so that exactly tied distances are broken in the same order.
// (Checked when the references were made: with FastJet's default Best strategy, which picks
// N2MHTLazy9 for the larger events, both reference files come out byte-identical.)
//
// Soft drop follows fjcontrib RecursiveTools (SoftDrop, grooming mode; arXiv:1402.2657), which is not
// in Debian: recluster the constituents with C/A (R = JetDefinition::max_allowable_R), then undo
// the last merge while min(pT1, pT2)/(pT1 + pT2) <= zcut (DeltaR12/R0)^beta, following the harder
// branch. N-subjettiness follows fjcontrib Nsubjettiness (arXiv:1011.2268) with ExclusiveKT axes
// (kT, R = max_allowable_R, E-scheme, exclusive_jets_up_to(N)) and NormalizedMeasure(beta, R0):
// tau_N = sum_i pT_i min_k DeltaR_ik^beta / sum_i pT_i R0^beta, DeltaR in (rapidity, phi).

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "fastjet/ClusterSequence.hh"

using namespace fastjet;
using std::vector;

struct Event {
  int label = -1;
  vector<PseudoJet> particles;
  vector<double> raw;  // (pT, eta, phi) triples as stored (LHCO events)
};

static std::string gz_read_all(const char *path) {
  gzFile f = gzopen(path, "rb");
  if (!f) {
    std::fprintf(stderr, "cannot open %s\n", path);
    std::exit(1);
  }
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, n);
  gzclose(f);
  return out;
}

static vector<Event> read_lhco(const char *path, int max_events) {
  std::string raw = gz_read_all(path);
  if (raw.size() < 8 || raw.compare(0, 4, "NPJ1") != 0) {
    std::fprintf(stderr, "%s: not an NPJ1 file\n", path);
    std::exit(1);
  }
  size_t o = 4;
  auto rd_int = [&]() { int32_t v; std::memcpy(&v, raw.data() + o, 4); o += 4; return v; };
  auto rd_f32 = [&]() { float v; std::memcpy(&v, raw.data() + o, 4); o += 4; return (double)v; };
  int nev = rd_int();
  if (max_events > 0 && max_events < nev) nev = max_events;
  vector<Event> events(nev);
  for (int e = 0; e < nev; e++) {
    int n = rd_int();
    events[e].label = rd_int();
    events[e].particles.reserve(n);
    for (int i = 0; i < n; i++) {
      double pt = rd_f32(), eta = rd_f32(), phi = rd_f32();
      events[e].raw.insert(events[e].raw.end(), {pt, eta, phi});
      PseudoJet p(pt * std::cos(phi), pt * std::sin(phi), pt * std::sinh(eta), pt * std::cosh(eta));
      p.set_user_index(i);
      events[e].particles.push_back(p);
    }
  }
  return events;
}

static vector<Event> read_random(const char *path) {
  std::istringstream in(gz_read_all(path));
  vector<Event> events;
  std::string tag;
  while (in >> tag) {
    int n;
    in >> n;
    Event ev;
    for (int i = 0; i < n; i++) {
      std::string s[4];
      in >> s[0] >> s[1] >> s[2] >> s[3];
      PseudoJet p(std::strtod(s[0].c_str(), nullptr), std::strtod(s[1].c_str(), nullptr),
                  std::strtod(s[2].c_str(), nullptr), std::strtod(s[3].c_str(), nullptr));
      p.set_user_index(i);
      ev.particles.push_back(p);
    }
    events.push_back(ev);
  }
  return events;
}

static Strategy nphunt_strategy(size_t n) { return n <= 30 ? N2Plain : N2Tiled; }

static vector<int> indices(const vector<PseudoJet> &constituents) {
  vector<int> idx;
  for (const PseudoJet &c : constituents) idx.push_back(c.user_index());
  std::sort(idx.begin(), idx.end());
  return idx;
}

static void print_p4(const PseudoJet &j) {
  std::printf(" %.17g %.17g %.17g %.17g", j.px(), j.py(), j.pz(), j.E());
}

static void print_indices(const vector<int> &idx) {
  std::printf(" %zu", idx.size());
  for (int i : idx) std::printf(" %d", i);
}

static double tau_n(const vector<PseudoJet> &constituents, const vector<PseudoJet> &axes, double beta, double r0) {
  double num = 0, den = 0;
  for (const PseudoJet &p : constituents) {
    double best = std::numeric_limits<double>::max();
    for (const PseudoJet &a : axes) best = std::min(best, p.squared_distance(a));
    if (best > 0.0) num += p.perp() * std::pow(best, beta / 2.0);
    den += p.perp() * std::pow(r0, beta);
  }
  return num / den;
}

static PseudoJet soft_drop(const PseudoJet &jet, double zcut, double beta, double r0, ClusterSequence *&cs) {
  cs = new ClusterSequence(jet.constituents(), JetDefinition(cambridge_algorithm, JetDefinition::max_allowable_R,
                                                             E_scheme, nphunt_strategy(jet.constituents().size())));
  vector<PseudoJet> jets = sorted_by_pt(cs->inclusive_jets());
  PseudoJet j = jets[0];
  PseudoJet p1, p2;
  while (j.has_parents(p1, p2)) {  // p1 is the harder (has_parents orders by pT)
    if (j.pt2() <= 0) return PseudoJet();
    double pt1 = p1.pt(), pt2 = p2.pt();
    double z = std::min(pt1, pt2) / (pt1 + pt2);
    double cut = zcut * std::pow(p1.squared_distance(p2) / (r0 * r0), 0.5 * beta);
    if (z > cut) return j;
    j = p1;
  }
  return j;
}

static void reference(const char *set, const vector<Event> &events, double substructure_ptmin) {
  const char *names[3] = {"antikt", "kt", "cam"};
  JetAlgorithm algs[3] = {antikt_algorithm, kt_algorithm, cambridge_algorithm};
  double radii[3] = {0.4, 0.8, 1.0};
  for (size_t ev = 0; ev < events.size(); ev++) {
    const vector<PseudoJet> &parts = events[ev].particles;
    for (int a = 0; a < 3; a++) {
      for (double r : radii) {
        JetDefinition def(algs[a], r, E_scheme, nphunt_strategy(parts.size()));
        ClusterSequence cs(parts, def);
        double ptmin = std::strcmp(set, "lhco") == 0 ? (r < 0.5 ? 10.0 : 5.0) : 0.0;
        vector<PseudoJet> jets = sorted_by_pt(cs.inclusive_jets(ptmin));
        std::printf("C %s %s %g %zu %zu\n", set, names[a], r, ev, jets.size());
        for (const PseudoJet &j : jets) {
          std::printf("J");
          print_p4(j);
          std::printf(" %.17g %.17g %.17g", j.rap(), j.phi(), j.m());
          print_indices(indices(j.constituents()));
          std::printf("\n");
        }
        if (algs[a] == kt_algorithm && r == 1.0 && !jets.empty()) {
          const PseudoJet &lead = jets[0];
          for (int nsub = 1; nsub <= 3; nsub++) {
            if ((int)lead.constituents().size() < nsub) break;
            vector<PseudoJet> sub = cs.exclusive_subjets(lead, nsub);
            std::printf("U %s %g %zu n %d %zu\n", set, r, ev, nsub, sub.size());
            for (const PseudoJet &s : sub) {
              std::printf("S");
              print_p4(s);
              print_indices(indices(s.constituents()));
              std::printf("\n");
            }
          }
          for (double dcut : {25.0, 400.0}) {
            vector<PseudoJet> sub = cs.exclusive_subjets(lead, dcut);
            std::printf("U %s %g %zu dcut %.17g %zu\n", set, r, ev, dcut, sub.size());
            for (const PseudoJet &s : sub) {
              std::printf("S");
              print_p4(s);
              print_indices(indices(s.constituents()));
              std::printf("\n");
            }
          }
        }
        if (algs[a] != antikt_algorithm || r < 0.5) continue;
        // substructure of the two leading anti-kT jets
        for (size_t ij = 0; ij < jets.size() && ij < 2; ij++) {
          if (jets[ij].pt() < substructure_ptmin) continue;
          vector<PseudoJet> cons = jets[ij].constituents();
          ClusterSequence kt(cons, JetDefinition(kt_algorithm, JetDefinition::max_allowable_R, E_scheme,
                                                 nphunt_strategy(cons.size())));
          vector<PseudoJet> axes[4];
          for (int n = 1; n <= 3; n++) {
            axes[n] = kt.exclusive_jets_up_to(n);
            std::printf("X %s %g %zu %zu %d %zu\n", set, r, ev, ij, n, axes[n].size());
            for (const PseudoJet &s : axes[n]) {
              std::printf("S");
              print_p4(s);
              print_indices(indices(s.constituents()));
              std::printf("\n");
            }
          }
          std::printf("D %s %g %zu %zu", set, r, ev, ij);
          for (int n = 0; n <= 3; n++) std::printf(" %.17g", kt.exclusive_dmerge(n));
          std::printf("\n");
          std::printf("T %s %g %zu %zu", set, r, ev, ij);
          for (int n = 1; n <= 3; n++) {
            double t = (int)cons.size() <= n ? 0.0 : tau_n(cons, axes[n], 1.0, r);
            std::printf(" %.17g", t);
          }
          std::printf("\n");
          ClusterSequence *ca = nullptr;
          PseudoJet g = soft_drop(jets[ij], 0.1, 0.0, r, ca);
          std::printf("G %s %g %zu %zu", set, r, ev, ij);
          print_p4(g);
          std::printf(" %.17g", g.m());
          print_indices(indices(g.constituents()));
          std::printf("\n");
          delete ca;
        }
      }
    }
  }
}

// CPU time of the calling thread [s]: on a shared, loaded machine the load-independent cost.
static double thread_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void bench(const vector<Event> &events, int repeats, double r, const char *strategy_name) {
  Strategy strategy = Best;
  if (std::strcmp(strategy_name, "tiled") == 0) strategy = N2Tiled;
  if (std::strcmp(strategy_name, "plain") == 0) strategy = N2Plain;
  JetDefinition def(antikt_algorithm, r, E_scheme, strategy);
  ClusterSequence::set_fastjet_banner_stream(nullptr);
  vector<double> rates, cpu_rates;
  double checksum = 0;
  vector<PseudoJet> parts;
  for (int rep = -1; rep < repeats; rep++) {
    auto t0 = std::chrono::steady_clock::now();
    double c0 = thread_cpu_seconds();
    for (size_t e = 0; e < events.size(); e++) {
      const vector<double> &x = events[e].raw;  // timed from (pT, eta, phi), as nphunt
      parts.clear();
      for (size_t i = 0; i < x.size(); i += 3) {
        double pt = x[i], eta = x[i + 1], phi = x[i + 2];
        parts.emplace_back(pt * std::cos(phi), pt * std::sin(phi), pt * std::sinh(eta), pt * std::cosh(eta));
      }
      ClusterSequence cs(parts, def);
      vector<PseudoJet> jets = sorted_by_pt(cs.inclusive_jets(0.0));
      checksum += jets[0].pt();
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double cpu = thread_cpu_seconds() - c0;
    if (rep >= 0) {
      rates.push_back(events.size() / s);
      cpu_rates.push_back(events.size() / cpu);
      std::printf("pass %d: %.1f events/s, %.1f events/cpu-s\n", rep, events.size() / s, events.size() / cpu);
    }
  }
  std::sort(rates.begin(), rates.end());
  std::sort(cpu_rates.begin(), cpu_rates.end());
  double cpu_median = cpu_rates[cpu_rates.size() / 2];
  std::printf("fastjet %s antikt R=%g: median %.1f events/s over %d passes of %zu events (best %.1f; checksum %.6f);"
              " thread cpu: median %.1f events/cpu-s = %.2f us/event\n",
              strategy_name, r, rates[rates.size() / 2], repeats, events.size(), rates.back(), checksum, cpu_median,
              1e6 / cpu_median);
}

int main(int argc, char **argv) {
  ClusterSequence::set_fastjet_banner_stream(nullptr);
  if (argc >= 4 && std::strcmp(argv[1], "lhco") == 0) {
    reference("lhco", read_lhco(argv[2], std::atoi(argv[3])), 100.0);
  } else if (argc >= 3 && std::strcmp(argv[1], "random") == 0) {
    reference("random", read_random(argv[2]), 0.0);
  } else if (argc >= 4 && std::strcmp(argv[1], "bench") == 0) {
    bench(read_lhco(argv[2], 0), std::atoi(argv[3]), argc >= 5 ? std::atof(argv[4]) : 1.0,
          argc >= 6 ? argv[5] : "best");
  } else {
    std::fprintf(stderr, "usage: %s lhco FILE N | random FILE | bench FILE REPEATS [R] [best|tiled|plain]\n", argv[0]);
    return 2;
  }
  return 0;
}

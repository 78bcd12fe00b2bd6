// A project outside the tree that finds an installed streamwise and uses it.
#include <streamwise/io/checkpoint.hpp>
#include <streamwise/stats/mean.hpp>

#include <cstdio>

int main() {
  streamwise::stats::Mean mean;
  for (double x : {1.0, 2.0, 3.0}) mean.update(x);
  const auto restored =
      streamwise::io::from_checkpoint<streamwise::stats::Mean>(streamwise::io::to_checkpoint(mean));
  std::printf("mean=%g restored=%g\n", mean.get(), restored.get());
  return restored.get() == 2.0 ? 0 : 1;
}

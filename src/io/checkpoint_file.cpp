// Checkpoint file I/O: atomic writes and bounded reads.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "streamwise/io/checkpoint.hpp"

namespace streamwise::io {

namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw CheckpointError(what + " '" + path.string() + "': " + std::strerror(errno));
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view bytes) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  // Built by appending (GCC 12's -Wrestrict misreads `"." + std::string` at -O3).
  std::string tmp_name = ".";
  tmp_name += path.filename().string();
  tmp_name += ".tmp.";
  tmp_name += std::to_string(::getpid());
  const std::filesystem::path tmp = dir / tmp_name;
  {
    FileDescriptor fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) fail("cannot create", tmp);
    std::size_t written = 0;
    while (written < bytes.size()) {
      const ssize_t n = ::write(fd.get(), bytes.data() + written, bytes.size() - written);
      if (n < 0) {
        if (errno == EINTR) continue;
        const int saved = errno;
        ::unlink(tmp.c_str());
        errno = saved;
        fail("cannot write", tmp);
      }
      written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0) {
      const int saved = errno;
      ::unlink(tmp.c_str());
      errno = saved;
      fail("cannot sync", tmp);
    }
    if (::close(fd.release()) != 0) fail("cannot close", tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
    fail("cannot rename onto", path);
  }
  FileDescriptor dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() >= 0) ::fsync(dir_fd.get());
}

std::string read_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) fail("cannot open checkpoint", path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) fail("cannot stat checkpoint", path);
  if (!S_ISREG(st.st_mode)) {
    throw CheckpointError("checkpoint '" + path.string() + "' is not a regular file");
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) {
    throw CheckpointError("checkpoint '" + path.string() + "' is " + std::to_string(size) +
                          " bytes, more than the limit of " + std::to_string(max_bytes));
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(fd.get(), bytes.data() + got, bytes.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot read checkpoint", path);
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  return bytes;
}

}  // namespace streamwise::io

// Learning of other processes' writes without reading the file: PRAGMA data_version.

#include "connection.h"
#include "tinychat/store.h"

namespace tinychat {

Error Store::data_version(std::int64_t& out) const {
  std::int64_t version = 0;
  Error error = connection_->read([&](store::Database& db) {
    store::Statement query(db, "PRAGMA data_version");
    if (query.step()) version = query.integer(0);
    return Error();
  });
  if (!error) out = version;
  return error;
}

}  // namespace tinychat

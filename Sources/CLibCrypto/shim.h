// OpenSSL's libcrypto, which libcurl already links on Debian: only its EVP digest interface is used.
#include <openssl/evp.h>

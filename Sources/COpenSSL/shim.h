#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/err.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/bio.h>

/// BIO_get_mem_data is a macro; Swift cannot call it directly.
static inline long CConcord_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/// EVP_PKEY_ED25519 is a macro naming a NID; this makes the key type callable from Swift.
static inline int CConcord_EVP_PKEY_ED25519(void) {
    return EVP_PKEY_ED25519;
}

/// A fresh Ed25519 key pair (NULL on failure); the caller frees it with EVP_PKEY_free.
static inline EVP_PKEY *CConcord_ed25519_generate(void) {
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
    if (ctx == NULL) return NULL;
    if (EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_keygen(ctx, &pkey) <= 0) {
        pkey = NULL;
    }
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

/*
 * fuzz_config.c - libFuzzer target for the INI loader.
 *
 * Feeds arbitrary bytes to wb_config_load_string() and checks the loader's promises: it never
 * crashes, a failure leaves the configuration byte for byte as it was and gives one line of
 * message, and a success gives a configuration within its documented limits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wb_config.h"
#include "wb_config_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The loader takes a C string: a NUL inside the input simply ends the text. */
    char *text = malloc(size + 1);
    wb_config *cfg = malloc(sizeof *cfg), *before = malloc(sizeof *before);
    if (!text || !cfg || !before)
        goto done;
    memcpy(text, data, size);
    text[size] = '\0';
    wb_config_defaults(cfg);
    memcpy(before, cfg, sizeof *cfg);

    char err[256];
    int rc = wb_config_load_string(cfg, "fuzz.ini", text, err, sizeof err);
    if (rc != WB_OK) {
        if (rc != WB_ERR_CONFIG || memcmp(cfg, before, sizeof *cfg) != 0 || !err[0] ||
            strchr(err, '\n') || strncmp(err, "fuzz.ini:", 9) != 0)
            abort();
    } else {
        if (cfg->n_channels > WB_MAX_CHANNELS || cfg->n_connect > WB_MAX_URLS ||
            cfg->n_bind > WB_MAX_URLS || cfg->bucket_ms < 1000 || cfg->bucket_ms > 10000)
            abort();
        for (size_t i = 0; i < cfg->n_channels; i++) {
            const wb_channel_cfg *ch = &cfg->channels[i];
            if (!memchr(ch->name, '\0', sizeof ch->name) || ch->sl_target < 0 ||
                ch->sl_target > 1 || ch->sl_t_ms < 0 ||
                wb_config_channel_index(cfg, ch->name) != (int)i)
                abort();
        }
    }
done:
    free(text);
    free(cfg);
    free(before);
    return 0;
}

/*
 * render_png.c - PNG files for screenshots and reference images, through libpng's simplified
 * API (png_image). No state is kept here: each call reads or writes one whole file.
 *
 * libpng is required whenever the view is built (CMakeLists.txt), so there is no build
 * without it to cater for.
 */
#include "render.h"

#include <stdio.h>
#include <string.h>

#include <png.h>

int wb_png_write(const char *path, SDL_Surface *s, char *err, size_t errlen)
{
    /* RGB24 is R, G, B bytes in memory order, which is what PNG_FORMAT_RGB reads. */
    SDL_Surface *conv = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);
    if (!conv) {
        snprintf(err, errlen, "%s: cannot convert pixels: %s", path, SDL_GetError());
        return WB_ERR_IO;
    }
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)conv->w;
    img.height = (png_uint_32)conv->h;
    img.format = PNG_FORMAT_RGB;
    int ok = png_image_write_to_file(&img, path, 0, conv->pixels, conv->pitch, NULL);
    SDL_FreeSurface(conv);
    if (!ok) {
        snprintf(err, errlen, "%s: cannot write PNG: %s", path, img.message);
        return WB_ERR_IO;
    }
    return 0;
}

SDL_Surface *wb_png_read(const char *path, char *err, size_t errlen)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) {
        snprintf(err, errlen, "%s: cannot read PNG: %s", path, img.message);
        return NULL;
    }
    img.format = PNG_FORMAT_RGB;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, (int)img.width, (int)img.height, 24,
                                                    SDL_PIXELFORMAT_RGB24);
    if (!s) {
        png_image_free(&img);
        snprintf(err, errlen, "%s: %s", path, SDL_GetError());
        return NULL;
    }
    if (!png_image_finish_read(&img, NULL, s->pixels, s->pitch, NULL)) {
        snprintf(err, errlen, "%s: cannot decode PNG: %s", path, img.message);
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}

# Export modeldata's credit_data (Debian r-cran-modeldata 1.1.0-1) to CSV, values unchanged.
# usage: Rscript credit.R <unpacked deb root> <out.csv>
args <- commandArgs(TRUE)
e <- new.env()
lazyLoad(file.path(args[1], "usr/lib/R/site-library/modeldata/data/Rdata"), envir = e)
d <- get("credit_data", envir = e)          # data.frame, 4454 x 14
write.csv(d, args[2], row.names = FALSE)    # factors as their level names, missing cells as NA
cat("credit_data:", dim(d), " NA cells:", sum(is.na(d)), "\n")
